using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SemSrDashboard.Tests.Runs;
using Xunit.Abstractions;

namespace SemSrDashboard.Tests.Storage;

/// <summary>A database written at the previous schema version (committed fixture, with real results) upgraded by a
/// command that is killed with SIGKILL at many moments of its start-up: every kill leaves the old schema intact or
/// the new one complete, and the next start completes the upgrade, keeps the backup and exports what an uninterrupted
/// upgrade exports.</summary>
[Collection(RunsCollection.Name)]
public sealed class UpgradeKillTests(ITestOutputHelper log) : IDisposable
{
    private const int Moments = 12;
    private const int InsideMoments = 12;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-upgradekill-").FullName;

    private static string[] Export(string db, string csv) => ["export", "--db", db, "--format", "long", "--csv", csv];

    [Fact]
    public async Task Export_KilledWhileUpgradingAPreviousSchemaDatabase_LeavesOldOrNewSchemaAndTheNextStartCompletesTheUpgrade()
    {
        var fixture = DatabaseFileState.Read(DatabaseFileState.PreviousSchemaFixture);
        Assert.Equal([DatabaseFileState.PreviousSchemaVersion], fixture.History);
        Assert.Equal(4, fixture.Rows.Count(r => r.StartsWith("results:", StringComparison.Ordinal)));

        // The uninterrupted upgrade, timed from its process start to the moment its new schema is committed.
        string cleanDb = Copy("clean.db"), cleanCsv = PathOf("clean.csv");
        var clock = Stopwatch.StartNew();
        TimeSpan upgraded;
        using (var clean = CliProcess.Start(_folder, null, Export(cleanDb, cleanCsv)))
        {
            await DatabaseProbe.WaitUntilAsync(() => clean.HasExited || ReadQuietly(cleanDb).History.Count > 1, Limit, "the upgrade");
            upgraded = clock.Elapsed;
            int code = await clean.WaitAsync(Limit);
            Assert.True(code == 0, $"exit {code}\n{clean.Output}\n{clean.Error}");
        }
        SqliteConnection.ClearAllPools();
        var current = DatabaseFileState.Read(cleanDb);
        Assert.True(current.History.Count > 1 && current.History[0] == DatabaseFileState.PreviousSchemaVersion, string.Join(", ", current.History));
        string[] expected = File.ReadAllLines(cleanCsv);
        Assert.Equal(5, expected.Length); // header and the fixture's four results

        var landings = new List<string>();
        for (int i = 0; i < Moments + InsideMoments; i++)
        {
            string db = Copy($"kill{i:00}.db"), csv = PathOf($"kill{i:00}.csv"), backup = LockWaitCliTests.SchemaBackupPath(db);
            string context;
            bool inside = false;
            using (var cli = CliProcess.Start(_folder, null, Export(db, csv)))
            {
                if (i < Moments)
                {
                    // Evenly from process start to well past the uninterrupted upgrade's commit (a start-up takes a
                    // few hundred ms, so its time varies by more than a tenth from one process to the next).
                    var delay = upgraded * 1.6 * i / (Moments - 1);
                    context = $"kill {i} after {delay.TotalSeconds:0.000} s";
                    await Task.Delay(delay);
                }
                else
                {
                    // Inside the upgrade: from the moment the child holds the write lock, in steps of 40 ms (the
                    // window is too short for the even spread to hit reliably).
                    int after = (i - Moments) * 40;
                    inside = await WaitForWriteLock(cli, db);
                    context = inside ? $"kill {i}, {after} ms after the upgrade took the write lock" : $"kill {i}, upgrade not caught";
                    if (inside)
                        await Task.Delay(after);
                }
                cli.KillHard();
            }
            var state = DatabaseFileState.Read(db);
            // Never a mix: either exactly the fixture (old schema, same rows) or the complete new schema.
            bool old = DatabaseFileStateComparer.Instance.Equals(state, fixture);
            bool complete = state.Schema.SequenceEqual(current.Schema) && state.History.SequenceEqual(current.History);
            Assert.True(old || complete, $"{context}: schema\n{string.Join("\n", state.Schema)}\nhistory {string.Join(", ", state.History)}");
            landings.Add((inside ? "in the upgrade's transaction: " : "") +
                (old ? File.Exists(backup) ? "old schema, backup written" : "old schema, no backup yet" : "upgraded"));

            var next = await CliProcess.RunAsync(_folder, null, Limit, Export(db, csv));
            Assert.True(next.ExitCode == 0, $"{context}: exit {next.ExitCode}\n{next.Output}\n{next.Error}");
            Assert.Equal(expected, File.ReadAllLines(csv));
            SqliteConnection.ClearAllPools();
            Assert.Equal(current.History, DatabaseFileState.Read(db).History);
            // The backup is the database as it was before the upgrade: the fixture's schema, history and rows.
            Assert.True(File.Exists(backup), $"{context}: no backup {backup}");
            Assert.Equal(fixture, DatabaseFileState.Read(backup), DatabaseFileStateComparer.Instance);
            Assert.False(File.Exists(backup + ".tmp"), $"{context}: a temporary backup was left behind");
        }
        log.WriteLine($"upgrade committed after {upgraded.TotalSeconds:0.00} s; kills landed: " +
            string.Join("; ", landings.GroupBy(l => l).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.Contains(landings, l => l.EndsWith("upgraded", StringComparison.Ordinal));
        Assert.Contains(landings, l => l.StartsWith("old schema", StringComparison.Ordinal));
        // Killed while the upgrade's transaction was open, after the backup and before the commit: rolled back.
        Assert.Contains(landings, l => l == "in the upgrade's transaction: old schema, backup written");
    }

    [Fact]
    public async Task Export_StartedFourTimesAtOnceOnAPreviousSchemaDatabase_UpgradesItOnceAndEveryOneExportsTheSame()
    {
        // Cluster array tasks start together: one upgrades, the others wait for its lock and find the schema current.
        var fixture = DatabaseFileState.Read(DatabaseFileState.PreviousSchemaFixture);
        string db = Copy("together.db");
        var exports = Enumerable.Range(0, 4)
            .Select(i => CliProcess.RunAsync(_folder, null, Limit, Export(db, PathOf($"together{i}.csv"))))
            .ToList();
        var outcomes = await Task.WhenAll(exports);
        Assert.All(outcomes, o => Assert.True(o.ExitCode == 0, $"exit {o.ExitCode}\n{o.Output}\n{o.Error}"));
        string[] first = File.ReadAllLines(PathOf("together0.csv"));
        Assert.Equal(5, first.Length);
        for (int i = 1; i < 4; i++)
            Assert.Equal(first, File.ReadAllLines(PathOf($"together{i}.csv")));
        SqliteConnection.ClearAllPools();
        Assert.True(DatabaseFileState.Read(db).History.Count > 1);
        Assert.Equal(fixture, DatabaseFileState.Read(LockWaitCliTests.SchemaBackupPath(db)), DatabaseFileStateComparer.Instance);
    }

    [Fact]
    public async Task Open_APreviousSchemaDatabaseWithAMigrationLockLeftByAKilledProcess_UpgradesWithoutWaiting()
    {
        // What EF Core's own Migrate() leaves when its process is killed while holding its migration lock.
        string db = Copy("stale.db");
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-01-01 00:00:00+00:00');
                """;
            command.ExecuteNonQuery();
        }
        // EF Core's own lock would wait for the stale row forever: a hang guard, not a speed limit.
        var open = Task.Run(() => Engine.Storage.EvaluationDatabase.Open(db, new Engine.Storage.DatabaseOpenSettings { LockWaitLimit = TimeSpan.FromSeconds(5) }));
        Assert.True(await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(60))) == open, "opening a database with a stale migration lock row did not finish");
        await open;
        SqliteConnection.ClearAllPools();
        var state = DatabaseFileState.Read(db);
        Assert.True(state.History.Count > 1);
        Assert.DoesNotContain(state.Rows, r => r.StartsWith("__EFMigrationsLock:", StringComparison.Ordinal));
    }

    /// <summary>Polls the kernel's lock table until <paramref name="cli"/> holds the database's write lock; false when
    /// the process ended (or 30 s passed) first.</summary>
    private static async Task<bool> WaitForWriteLock(CliProcess cli, string db)
    {
        var clock = Stopwatch.StartNew();
        while (!cli.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (Engine.Storage.LockHolders.Find(db).Contains(cli.Id))
                return true;
            await Task.Delay(2);
        }
        return false;
    }

    /// <summary>The state, or "nothing yet" while the file is locked or being written.</summary>
    private static DatabaseFileState ReadQuietly(string db)
    {
        try
        {
            return DatabaseFileState.Read(db);
        }
        catch (SqliteException)
        {
            return new(false, [], [], []);
        }
    }

    private string Copy(string name)
    {
        string path = PathOf(name);
        File.Copy(DatabaseFileState.PreviousSchemaFixture, path);
        return path;
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a killed child may still hold a file for a moment; the folder is in the temp directory
        }
    }
}
