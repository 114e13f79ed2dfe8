using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Viewers;

/// <summary>The query counter of the many-viewers measurement sees the store's queries on its database, tells a
/// result-row query from a count, and ignores other databases.</summary>
public sealed class SqlCommandLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-sqllog-").FullName;

    [Fact]
    public void Counts_result_row_and_count_queries_on_its_own_database_only()
    {
        var store = EngineContext.Open(Path.Combine(_folder, "a.db")).Store;
        var other = EngineContext.Open(Path.Combine(_folder, "b.db")).Store;
        var run = store.CreateRun(new RunSettings("/data", [MethodIds.Baseline]), [new ScannedImage("c", "c/0.png", "/data/c/0.png")], 0, null);
        other.CreateRun(new RunSettings("/data", [MethodIds.Baseline]), [new ScannedImage("c", "c/0.png", "/data/c/0.png")], 0, null);
        using var log = new SqlCommandLog(Path.Combine(_folder, "a.db"));
        long from = Stopwatch.GetTimestamp();

        var image = store.Images(run.Id)[0];
        store.SaveImage(image, [new MethodScore { Method = MethodIds.Baseline, Status = ResultStatus.Ok, CreatedUtc = DateTime.UtcNow }]);
        store.StoredStatuses(run.Id);
        store.Results(run.Id);
        store.ResultsAfter(run.Id, 0);
        store.CountsByRun();
        other.Results(run.Id);
        other.CountsByRun();

        long to = Stopwatch.GetTimestamp();
        Assert.Equal(2, log.Count(from, to, SqlCommandLog.ReadsResultRows)); // not the writer's or the executor's checks
        Assert.True(log.Count(from, to, _ => true) >= 8);
        Assert.Equal(1, log.Count(from, to, SqlCommandLog.CountsResults));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
