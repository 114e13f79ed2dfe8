using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

/// <summary>A database written before the fidelity metrics existed opens with its runs marked as having computed the
/// three core metrics, and the new columns empty; a <c>nan</c> metric survives the round trip.</summary>
public sealed class FidelityColumnsMigrationTests : IDisposable
{
    private const string LastMigrationBeforeFidelity = "20261125214836_StoreOutputs";
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-fidelity-db-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public void AnOlderRunKeepsItsCoreMetricsAndShowsTheNewOnesAsAbsent()
    {
        string path = Path.Combine(_work, "old.db");
        using (var old = new EvaluationDbContext(EvaluationDatabase.BuildOptions(path)))
        {
            old.GetService<IMigrator>().Migrate(LastMigrationBeforeFidelity);
            old.Database.ExecuteSqlRaw("""
                INSERT INTO runs (Id, DataRoot, Methods, Scale, Protocol, InfoBar, Tile, TilePad, Device, StoreOutputs, Fingerprint,
                                  Status, CreatedUtc, TotalImages, SkippedFiles)
                VALUES (1, '/d', 'bicubic,m', 4, 'standard', 'auto', 256, 16, 'auto', 'all', '/d|bicubic,m|4|standard|auto|all',
                        'completed', '2026-11-30 12:00:00', 1, 0);
                INSERT INTO images (Id, RunId, Category, RelativePath, Width, Height, SourceWidth, SourceHeight, SourceBitDepth, NearlyBlack)
                VALUES (1, 1, 'c', 'c/a.png', 64, 48, 64, 48, 8, 0);
                INSERT INTO results (Id, RunId, ImageId, Method, Psnr, Ssim, SsimSkimage, Status, CreatedUtc)
                VALUES (1, 1, 1, 'bicubic', 30.5, 0.75, 0.5, 'ok', '2026-11-30 12:00:01');
                """);
        }
        SqliteConnection.ClearAllPools();

        var store = new ResultStore(EvaluationDatabase.Open(path));
        var run = store.FindRun(1)!;
        var (_, result) = store.Results(1).Single();

        Assert.Equal("psnr,ssim,ssim_skimage", run.Metrics);
        Assert.Equal(MetricRegistry.CoreIds, RunComparison.MetricsOf(run));
        Assert.Equal(MetricRegistry.CoreIds, StoredRunSettings.From(run).ChosenMetrics);
        // The fingerprint of an older run is what the same settings give today, so the same command still resumes it.
        Assert.Equal(run.Fingerprint, StoredRunSettings.From(run).Fingerprint);
        Assert.Equal(30.5, result.Psnr);
        Assert.All(MetricRegistry.FidelityIds, id => Assert.Null(MetricRegistry.Get(id).Read(result)));
        Assert.Null(result.Note);
    }

    [Fact]
    public void NanAndInfinityRoundTripAndNullStaysNotComputed()
    {
        var database = EvaluationDatabase.Open(Path.Combine(_work, "nan.db"));
        var store = new ResultStore(database);
        var run = store.CreateRun(new RunSettings(_work, ["bicubic"], Metrics: MetricRegistry.Choose(["ms_ssim", "lr_psnr"])),
            [new Engine.Scanning.ScannedImage("c", "c/a.png", Path.Combine(_work, "c", "a.png"))], 0, null);
        var image = store.Images(run.Id).Single();
        store.SaveImage(image, [new MethodScore
        {
            Method = "bicubic", Status = ResultStatus.Ok, Psnr = double.PositiveInfinity, Ssim = 1,
            SsimSkimage = 1, MsSsim = double.NaN, LrPsnr = double.PositiveInfinity, Note = "ms_ssim is nan: too small",
        }]);

        var stored = store.Results(run.Id).Single().Result;
        Assert.Equal("psnr,ssim,ssim_skimage,ms_ssim,lr_psnr", store.FindRun(run.Id)!.Metrics);
        Assert.True(double.IsNaN(stored.MsSsim!.Value));
        Assert.Equal(double.PositiveInfinity, stored.LrPsnr);
        Assert.Equal(double.PositiveInfinity, stored.Psnr);
        Assert.Null(stored.Gmsd);
        Assert.Equal("ms_ssim is nan: too small", stored.Note);
    }
}
