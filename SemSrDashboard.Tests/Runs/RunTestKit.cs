using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Runs;

/// <summary>The run tests start real processes and use the CPU heavily: they run one class at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsCollection
{
    public const string Name = "Runs";
}

/// <summary>A temporary folder holding a copy of the bundled real SEM images (optionally each several times) and
/// room for databases and CSVs; deleted on dispose.</summary>
public sealed class RunWorkspace : IDisposable
{
    public RunWorkspace(int copiesPerImage = 1)
    {
        Root = Directory.CreateTempSubdirectory("semsr-runs-").FullName;
        Data = Path.Combine(Root, "data");
        string demo = RepositoryPaths.DemoData;
        foreach (string file in Directory.EnumerateFiles(demo, "*.png", SearchOption.AllDirectories))
        {
            string category = Path.GetFileName(Path.GetDirectoryName(file)!);
            string folder = Directory.CreateDirectory(Path.Combine(Data, category)).FullName;
            string stem = Path.GetFileNameWithoutExtension(file);
            for (int copy = 0; copy < copiesPerImage; copy++)
                File.Copy(file, Path.Combine(folder, copiesPerImage == 1 ? Path.GetFileName(file) : $"{stem}__copy{copy:000}.png"));
        }
        ImageCount = Directory.EnumerateFiles(Data, "*.png", SearchOption.AllDirectories).Count();
    }

    public string Root { get; }
    public string Data { get; }
    public int ImageCount { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a killed child may still hold a file for a moment; the folder is in the temp directory
        }
    }
}

/// <summary>The application's command line as a real child process (<c>dotnet SemSrDashboard.dll …</c>).</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private CliProcess(Process process)
    {
        _process = process;
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "SemSrDashboard.dll");

    public static CliProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (cli._stdout) cli._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (cli._stderr) cli._stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to the end (at most <paramref name="timeout"/>; killed and failed after that).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        using var cli = Start(workingDirectory, environment, args);
        int code = await cli.WaitAsync(timeout);
        return (code, cli.Output, cli.Error);
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output { get { lock (_stdout) return _stdout.ToString(); } }
    public string Error { get { lock (_stderr) return _stderr.ToString(); } }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the command did not end within {timeout}; output:\n{Output}\nerrors:\n{Error}");
        }
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGKILL on Linux: the process gets no chance to clean up.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            KillHard();
        _process.Dispose();
    }
}

/// <summary>Reads a results database the way another process would, without migrating or changing it.</summary>
public static class DatabaseProbe
{
    public static EvaluationDbContext Context(string databasePath) => new(EvaluationDatabase.BuildOptions(databasePath));

    public static int ResultCount(string databasePath, int? runId = null)
    {
        if (!File.Exists(databasePath))
            return 0;
        try
        {
            using var db = Context(databasePath);
            return runId is int id ? db.Results.Count(r => r.RunId == id) : db.Results.Count();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // the child is still creating the schema
        }
    }

    public static RunRecord SingleRun(string databasePath)
    {
        using var db = Context(databasePath);
        return db.Runs.AsNoTracking().Single();
    }

    public static RunRecord Run(string databasePath, int runId)
    {
        using var db = Context(databasePath);
        return db.Runs.AsNoTracking().Single(r => r.Id == runId);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
