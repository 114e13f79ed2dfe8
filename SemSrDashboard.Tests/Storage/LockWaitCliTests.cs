using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Storage;

/// <summary>The command line started on a database whose write lock another live process holds: it says what it waits
/// for and who holds it, and gives up at <c>$SEMSR_LOCK_WAIT_SECONDS</c> with exit code 1, the file unchanged.</summary>
[Collection(RunsCollection.Name)]
public sealed class LockWaitCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-lockwait-").FullName;

    [Theory]
    [InlineData(false, "its write lock")]                              // current schema: the start-up write probe waits
    [InlineData(true, "its write lock (to upgrade the schema)")]        // previous schema: the upgrade waits
    public async Task RunsList_OnADatabaseLockedByAnotherProcess_ReportsTheHolderAndGivesUpAtTheLimitWithExit1(bool previousSchema, string waitedFor)
    {
        string db = Path.Combine(_folder, "held.db");
        File.Copy(DatabaseFileState.PreviousSchemaFixture, db);
        if (!previousSchema)
            EvaluationDatabase.Open(db); // upgraded here first
        SqliteConnection.ClearAllPools();
        var before = DatabaseFileState.Read(db);

        // This test process is the other live process: it holds the write lock for the whole wait.
        using var holder = new SqliteConnection($"Data Source={db};Pooling=False");
        holder.Open();
        using var transaction = holder.BeginTransaction(); // BEGIN IMMEDIATE
        var clock = Stopwatch.StartNew();
        var (code, output, error) = await CliProcess.RunAsync(_folder,
            new Dictionary<string, string> { [DatabaseOpenSettings.LockWaitVariable] = "4" }, TimeSpan.FromSeconds(60),
            "runs", "list", "--db", db);
        double seconds = clock.Elapsed.TotalSeconds;
        transaction.Rollback();
        holder.Close();

        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        Assert.True(seconds >= 4, $"gave up after {seconds:0.0} s, before the limit");
        string holderText = $"held by pid {Environment.ProcessId} (";
        Assert.Contains($"waiting for {waitedFor} of {db}, {holderText}", error);
        Assert.Contains($"giving up after 4 s", error);
        Assert.Contains($"error: cannot open database {db}: it is locked by another process, pid {Environment.ProcessId} (", error);
        Assert.Contains($"gave up waiting for {waitedFor} after", error);
        Assert.Contains("(limit: SEMSR_LOCK_WAIT_SECONDS=4)", error);
        Assert.DoesNotContain("   at ", error);
        // Nothing was changed; on the previous schema no backup was made either: the upgrade never started.
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, DatabaseFileState.Read(db), DatabaseFileStateComparer.Instance);
        Assert.Equal(!previousSchema, File.Exists(SchemaBackupPath(db)));
    }

    [Fact]
    public async Task RunsList_WithAnInvalidLimit_ExitsWith1AndSaysWhy()
    {
        string db = Path.Combine(_folder, "plain.db");
        File.Copy(DatabaseFileState.PreviousSchemaFixture, db);
        var (code, _, error) = await CliProcess.RunAsync(_folder,
            new Dictionary<string, string> { [DatabaseOpenSettings.LockWaitVariable] = "soon" }, TimeSpan.FromSeconds(60),
            "runs", "list", "--db", db);
        Assert.Equal(1, code);
        Assert.Contains("SEMSR_LOCK_WAIT_SECONDS must be a positive number of seconds, not 'soon'", error);
    }

    internal static string SchemaBackupPath(string db) => $"{db}.bak-{DatabaseFileState.PreviousSchemaVersion}";

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
