using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Storage;

/// <summary>The dashboard started on a database another process is upgrading: it logs what it waits for and who
/// holds it, serves nothing meanwhile, and starts (finishing the upgrade) once that process dies.</summary>
[Collection(RunsCollection.Name)]
public sealed partial class WebHostLockWaitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-weblock-").FullName;

    [Fact]
    public async Task Serve_OnADatabaseWhoseMigratorIsFrozen_LogsTheWaitAndStartsOnceTheMigratorIsKilled()
    {
        string db = Path.Combine(_folder, "web.db");
        // The migrator: an upgrade of the previous-schema fixture, frozen (SIGSTOP) while it holds the write lock.
        CliProcess? migrator = null;
        for (int attempt = 0; attempt < 5 && migrator is null; attempt++)
        {
            File.Copy(DatabaseFileState.PreviousSchemaFixture, db, overwrite: true);
            var candidate = CliProcess.Start(_folder, null, "export", "--db", db, "--format", "long", "--csv", Path.Combine(_folder, "x.csv"));
            if (await CaughtHoldingTheWriteLock(candidate, db))
                migrator = candidate;
            else
                candidate.Dispose();
        }
        Assert.NotNull(migrator);
        using var frozen = migrator;

        using var host = CliProcess.Start(_folder, new Dictionary<string, string> { [DatabaseOpenSettings.LockWaitVariable] = "300" },
            "serve", "--urls", "http://127.0.0.1:0", "--db", db, "--SemSr:DemoRun=false");
        await DatabaseProbe.WaitUntilAsync(() => host.HasExited || host.Output.Contains($"held by pid {frozen.Id} ("),
            TimeSpan.FromSeconds(60), "the dashboard to log the wait");
        Assert.False(host.HasExited, host.Output + host.Error);
        Assert.Contains($"waiting for its write lock (to upgrade the schema) of {db}, held by pid {frozen.Id} (", host.Output);
        Assert.DoesNotContain("Now listening on", host.Output);

        frozen.KillHard(); // the migrator dies; the kernel drops its lock and SQLite rolls its upgrade back
        await DatabaseProbe.WaitUntilAsync(() => host.HasExited || ListeningAddress().IsMatch(host.Output),
            TimeSpan.FromSeconds(60), "the dashboard to start");
        Assert.False(host.HasExited, host.Output + host.Error);
        string address = ListeningAddress().Match(host.Output).Groups[1].Value;
        using (var client = new HttpClient())
        {
            var response = await client.GetAsync(address + "/");
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} from {address}/");
        }
        host.KillHard();

        SqliteConnection.ClearAllPools();
        var upgraded = DatabaseFileState.Read(db);
        Assert.True(upgraded.History.Count > 1, string.Join(", ", upgraded.History));
        Assert.True(File.Exists(LockWaitCliTests.SchemaBackupPath(db)));
    }

    /// <summary>Waits until <paramref name="cli"/> holds the database's write lock and stops it there (SIGSTOP); false
    /// when it finished first.</summary>
    private static async Task<bool> CaughtHoldingTheWriteLock(CliProcess cli, string db)
    {
        var clock = Stopwatch.StartNew();
        while (!cli.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (LockHolders.Find(db).Contains(cli.Id))
            {
                using var stop = Process.Start(new ProcessStartInfo("kill", ["-STOP", cli.Id.ToString()]) { UseShellExecute = false })!;
                await stop.WaitForExitAsync();
                return stop.ExitCode == 0 && LockHolders.Find(db).Contains(cli.Id);
            }
            await Task.Delay(2);
        }
        return false;
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningAddress();

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
