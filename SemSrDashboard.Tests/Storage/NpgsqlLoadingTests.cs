using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Data.Sqlite;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

/// <summary>A SQLite start-up never loads Npgsql (its code is only reached for a PostgreSQL target): the Engine is
/// loaded into a load context of its own that records every assembly the Engine asks for.</summary>
public sealed class NpgsqlLoadingTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-npgsql-load-").FullName;

    [Fact]
    public void Opening_a_SQLite_file_asks_for_no_Npgsql_assembly()
    {
        var requested = OpenInIsolation(Path.Combine(_work, "semsr.db"));
        Assert.Contains("Microsoft.Data.Sqlite", requested); // the recorder sees the Engine's references
        Assert.DoesNotContain(requested, name => name.StartsWith("Npgsql", StringComparison.Ordinal));
    }

    [Fact]
    public void Reading_a_PostgreSQL_target_does_ask_for_Npgsql()
    {
        var requested = ParseInIsolation("postgresql://u:pw@127.0.0.1:1/d");
        Assert.Contains("Npgsql", requested);
    }

    private static List<string> OpenInIsolation(string path)
    {
        var context = new RecordingContext();
        var engine = context.LoadFromAssemblyPath(typeof(EvaluationDatabase).Assembly.Location);
        var target = engine.GetType(typeof(DatabaseTarget).FullName!)!.GetMethod(nameof(DatabaseTarget.Parse))!.Invoke(null, [path, null]);
        var open = engine.GetType(typeof(EvaluationDatabase).FullName!)!.GetMethods()
            .Single(m => m.Name == nameof(EvaluationDatabase.Open) && m.GetParameters()[0].ParameterType.Name == nameof(DatabaseTarget));
        open.Invoke(null, [target, null]);
        return context.Requested;
    }

    private static List<string> ParseInIsolation(string text)
    {
        var context = new RecordingContext();
        var engine = context.LoadFromAssemblyPath(typeof(EvaluationDatabase).Assembly.Location);
        engine.GetType(typeof(DatabaseTarget).FullName!)!.GetMethod(nameof(DatabaseTarget.Parse))!.Invoke(null, [text, null]);
        return context.Requested;
    }

    /// <summary>Notes each assembly the Engine's code asks for, and lets the default context supply it.</summary>
    private sealed class RecordingContext() : AssemblyLoadContext(isCollectible: true)
    {
        public List<string> Requested { get; } = [];

        protected override Assembly? Load(AssemblyName name)
        {
            lock (Requested)
                Requested.Add(name.Name!);
            return null;
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
