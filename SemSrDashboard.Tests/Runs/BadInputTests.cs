using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Hosting;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Runs;

/// <summary>A vanished data folder, an unusable database and impossible settings end with their reason.</summary>
[Collection(RunsCollection.Name)]
public sealed class BadInputTests
{
    [Fact]
    public async Task DataFolderRemovedMidRun_FailsTheRunWithThatReason_AndKeepsWhatItStored()
    {
        using var workspace = new RunWorkspace(copiesPerImage: 6);
        var engine = EngineContext.Open(workspace.PathOf("gone.db"));
        var (run, _) = engine.Planner.CreateOrResume(new RunSettings(workspace.Data, ["bicubic", "bilinear"]));
        var executor = new RunExecutor(engine.Store, engine.Methods) { Workers = 2 };

        bool removed = false;
        var outcome = await executor.ExecuteAsync(run.Id, EngineContext.NewOwnerId("test"), p =>
        {
            if (!removed && p.Done >= 3)
            {
                Directory.Delete(workspace.Data, recursive: true);
                removed = true;
            }
        });

        Assert.True(removed);
        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.Equal($"data folder disappeared during the run: {workspace.Data}", outcome.Message);
        var stored = engine.Store.FindRun(run.Id)!;
        Assert.Equal(RunStatus.Failed, stored.Status);
        Assert.Equal(outcome.Message, stored.Error);
        Assert.Null(stored.LeaseOwner);
        var results = engine.Store.Results(run.Id);
        Assert.InRange(results.Count, 6, workspace.ImageCount * 2 - 1);
        // What was stored is real: no image is blamed for the folder going away.
        Assert.All(results, r => Assert.Equal(ResultStatus.Ok, r.Result.Status));
    }

    [Fact]
    public async Task Evaluate_OnAReadOnlyDatabase_ExitsWithAClearErrorAtStartUp()
    {
        using var workspace = new RunWorkspace();
        string db = workspace.PathOf("ro.db");
        EvaluationDatabase.Open(db);
        SqliteConnection.ClearAllPools(); // closes the WAL: the file alone holds the database
        if (OperatingSystem.IsWindows())
            File.SetAttributes(db, FileAttributes.ReadOnly);
        else
            File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        // root ignores file modes; the immutable attribute stops it too
        bool immutable = Environment.IsPrivilegedProcess && Chattr("+i", db);
        try
        {
            var (code, output, error) = await CliProcess.RunAsync(workspace.Root, null, TimeSpan.FromMinutes(1),
                "evaluate", "--data", workspace.Data, "--db", db);
            Assert.True(code == ExitCodes.Failed, $"exit {code}\n{output}\n{error}");
            Assert.StartsWith($"error: cannot open database {db}", error);
            Assert.Contains("read-only", error);
            Assert.DoesNotContain("   at ", error); // a message, not a stack trace
        }
        finally
        {
            if (immutable)
                Chattr("-i", db);
        }
    }

    [Fact]
    public async Task Open_WhileAnotherConnectionHoldsTheWriteLock_ReportsItLockedInsteadOfWaiting()
    {
        using var workspace = new RunWorkspace();
        string db = workspace.PathOf("locked.db");
        EvaluationDatabase.Open(db);
        using var holder = new SqliteConnection($"Data Source={db};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
        }

        // Not a hang: the open reports the wait after ReportAfter and gives up at the limit, well before a
        // statement's busy timeout would.
        var reports = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var settings = new DatabaseOpenSettings { LockWaitLimit = TimeSpan.FromSeconds(4), ReportAfter = TimeSpan.FromSeconds(1), Report = reports.Enqueue };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var open = Task.Run(() => EvaluationDatabase.Open(db, settings));
        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(
            () => open.WaitAsync(TimeSpan.FromSeconds(EvaluationDatabase.BusyTimeoutSeconds - 5)));
        Assert.InRange(clock.Elapsed.TotalSeconds, 4, 20);
        Assert.Contains("locked by another process", error.Message);
        Assert.Contains($"pid {Environment.ProcessId} (this process)", error.Message);
        Assert.Contains("gave up waiting for its write lock", error.Message);
        Assert.Contains(reports, r => r.StartsWith($"waiting for its write lock of {db}, held by pid {Environment.ProcessId}", StringComparison.Ordinal));

        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }
        Assert.NotNull(EvaluationDatabase.Open(db)); // usable again once the lock is gone
    }

    [Fact]
    public async Task Open_WithAMigrationLockLeftByAKilledProcess_DoesNotWaitForIt()
    {
        using var workspace = new RunWorkspace();
        string db = workspace.PathOf("stale.db");
        EvaluationDatabase.Open(db);
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            // What EF Core's Migrate() leaves behind when its process is killed while it holds the migration lock.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT OR IGNORE INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-01-01 00:00:00+00:00');
                """;
            command.ExecuteNonQuery();
        }

        var database = await Task.Run(() => EvaluationDatabase.Open(db)).WaitAsync(TimeSpan.FromSeconds(20));
        using var context = database.CreateContext();
        Assert.Equal(0, context.Runs.Count());
    }

    [Fact]
    public void Enqueue_RefusesRunsThatCannotStart_BeforeAnythingIsQueued()
    {
        using var workspace = new RunWorkspace();
        var engine = EngineContext.Open(workspace.PathOf("q.db"));
        var options = Options.Create(new DashboardOptions { DataRoots = [workspace.Root] });
        var roots = new DataRoots(options, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = workspace.Root });
        var queue = new RunQueueService(engine, new ProgressBroadcaster(NullLogger<ProgressBroadcaster>.Instance),
            options, roots, new FineTuneService(engine, options, roots, NullLogger<FineTuneService>.Instance),
            NullLogger<RunQueueService>.Instance, NullLogger<RunExecutor>.Instance);
        string empty = Directory.CreateDirectory(workspace.PathOf("empty")).FullName;
        // A folder with images outside the data roots, reached directly, through "..", and through a link inside a root.
        string outside = Directory.CreateTempSubdirectory("semsr-outside-").FullName;
        foreach (string image in Directory.GetFiles(workspace.Data, "*.png", SearchOption.AllDirectories).Take(1))
            File.Copy(image, Path.Combine(outside, Path.GetFileName(image)));
        File.CreateSymbolicLink(workspace.PathOf("escape"), outside);

        var refused = new (RunSettings Settings, string Reason)[]
        {
            (new RunSettings(workspace.Data, ["bicubic", "no-such-method"]), "unknown method 'no-such-method'"),
            (new RunSettings(workspace.Data, ["bicubic"], Scale: 5), "scale must be 2, 3 or 4"),
            (new RunSettings(workspace.Data, ["bicubic"], Protocol: "fast"), "protocol must be standard or seed"),
            (new RunSettings(workspace.Data, ["bicubic"], InfoBar: "lots"), ""),
            (new RunSettings(workspace.Data, ["bicubic"], LimitPerCategory: 0), "--limit-per-category must be at least 1"),
            (new RunSettings(workspace.PathOf("missing"), ["bicubic"]), "data folder not found"),
            (new RunSettings(empty, ["bicubic"]), "no images in"),
            (new RunSettings(outside, ["bicubic"]), "outside the dashboard's data roots"),
            (new RunSettings(Path.Combine(workspace.Root, "..", Path.GetFileName(outside)), ["bicubic"]), "outside the dashboard's data roots"),
            (new RunSettings(workspace.PathOf("escape"), ["bicubic"]), "outside the dashboard's data roots"),
        };
        foreach (var (settings, reason) in refused)
        {
            var error = Assert.Throws<InvalidRunSettingsException>(() => queue.Enqueue(settings));
            Assert.Contains(reason, error.Message);
            Assert.NotEmpty(error.Message);
        }
        Assert.Empty(engine.Store.ListRuns());

        Assert.Equal(RunStatus.Queued, queue.Enqueue(new RunSettings(workspace.Data, ["bicubic"])).Status); // the good one is queued
        Directory.Delete(outside, recursive: true);
    }

    private static bool Chattr(string change, string path)
    {
        using var process = Process.Start(new ProcessStartInfo("chattr", [change, path]) { UseShellExecute = false, RedirectStandardError = true })!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
