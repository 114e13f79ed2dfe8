using System.Text;
using Microsoft.Data.Sqlite;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine;

namespace SemSrDashboard.Tests.Cli;

/// <summary>A temporary folder with a data folder and a database path, and the command line run in-process.</summary>
internal sealed class CliSandbox : IDisposable
{
    public CliSandbox()
    {
        Folder = Directory.CreateTempSubdirectory("semsr-cli-").FullName;
        Data = Directory.CreateDirectory(Path.Combine(Folder, "data")).FullName;
        Database = Path.Combine(Folder, "db", "semsr.db");
    }

    public string Folder { get; }
    public string Data { get; }
    /// <summary>Database file in a folder that does not exist yet (so "nothing written" is visible).</summary>
    public string Database { get; }

    public bool DatabaseWritten => File.Exists(Database) || Directory.Exists(Path.GetDirectoryName(Database));

    public string PathIn(string relative) => Path.Combine(Folder, relative);

    /// <summary>Copies <paramref name="relative"/> from the repository's demo-data into the data folder.</summary>
    public void CopyDemo(string relative) => CopyInto(Path.Combine(RepositoryPaths.DemoData, relative), relative);

    public void CopyInto(string source, string relative)
    {
        string target = Path.Combine(Data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target);
    }

    public void WriteData(string relative, byte[] bytes)
    {
        string target = Path.Combine(Data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, bytes);
    }

    public async Task<CliResult> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CommandLine.RunAsync(args, TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public EngineContext OpenEngine() => EngineContext.Open(Database);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}

internal sealed record CliResult(int Code, string Output, string Error)
{
    public override string ToString() => $"exit {Code}\n--- stdout\n{Output}--- stderr\n{Error}";
}

/// <summary>Reads the product's CSV files (RFC 4180 quoting, '\n' line ends).</summary>
internal static class Csv
{
    public static List<string[]> Read(string path)
    {
        string text = File.ReadAllText(path);
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("\n", text);
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { fields.Add(field.ToString()); field.Clear(); rows.Add(fields.ToArray()); fields.Clear(); }
            else field.Append(c);
        }
        return rows;
    }

    /// <summary>Rows as dictionaries keyed by the header.</summary>
    public static List<Dictionary<string, string>> Records(string path)
    {
        var rows = Read(path);
        return rows.Skip(1).Select(r =>
        {
            Assert.Equal(rows[0].Length, r.Length);
            return rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
    }
}
