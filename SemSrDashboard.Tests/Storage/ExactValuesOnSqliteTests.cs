using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

/// <summary>How SQLite holds the metric values its REAL cannot: NULL or 0 in the column, named in <c>ExactValues</c>;
/// and a database written when NaN was stored as −∞ reads NaN after the upgrade.</summary>
public sealed class ExactValuesOnSqliteTests : IDisposable
{
    private const string LastMigrationWithNanAsNegativeInfinity = "20261202192259_ManyWorkers";
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-exact-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public void Nan_and_negative_zero_are_named_beside_their_columns_and_infinities_are_stored_as_they_are()
    {
        string path = Path.Combine(_work, "new.db");
        var store = new ResultStore(EvaluationDatabase.Open(path));
        var run = store.CreateRun(new RunSettings("/d", [MethodIds.Baseline]), [new ScannedImage("c", "c/a.png", "/d/c/a.png")], 0, null);
        var image = store.Images(run.Id).Single();
        store.SaveImage(image, [new MethodScore
        {
            Method = MethodIds.Baseline, Status = ResultStatus.Ok, CreatedUtc = DateTime.UtcNow,
            Psnr = double.PositiveInfinity, Ssim = double.NaN, Gmsd = -0.0, DetailCorr = double.NegativeInfinity, DetailRatio = 0.25,
        }]);

        Assert.Equal(("inf", null, "0", "-inf", 0.25, "Ssim=nan;Gmsd=-0"), Raw(path));
        var read = store.Results(run.Id).Single().Result;
        Assert.True(double.IsNaN(read.Ssim!.Value));
        Assert.True(double.IsNegative(read.Gmsd!.Value) && read.Gmsd == 0);
        Assert.Equal(double.NegativeInfinity, read.DetailCorr);
        Assert.Null(read.MsSsim);
    }

    [Fact]
    public void A_nan_stored_as_negative_infinity_before_the_upgrade_reads_as_nan()
    {
        string path = Path.Combine(_work, "old.db");
        using (var old = new EvaluationDbContext(new DbContextOptionsBuilder<EvaluationDbContext>().UseSqlite($"Data Source={path}").Options))
        {
            old.GetService<IMigrator>().Migrate(LastMigrationWithNanAsNegativeInfinity);
            old.Database.ExecuteSqlRaw("""
                INSERT INTO runs (Id, DataRoot, Methods, Scale, Protocol, InfoBar, Tile, TilePad, Device, StoreOutputs, Metrics,
                                  Fingerprint, Status, CreatedUtc, TotalImages, SkippedFiles)
                VALUES (1, '/d', 'bicubic', 4, 'standard', 'auto', 256, 16, 'auto', 'all', 'psnr,ssim,ms_ssim', 'f', 'completed',
                        '2026-12-01 12:00:00', 1, 0);
                INSERT INTO images (Id, RunId, Category, RelativePath, Width, Height, SourceWidth, SourceHeight, SourceBitDepth, NearlyBlack)
                VALUES (1, 1, 'c', 'c/a.png', 64, 48, 64, 48, 8, 0);
                INSERT INTO results (Id, RunId, ImageId, Method, Psnr, Ssim, MsSsim, Status, CreatedUtc)
                VALUES (1, 1, 1, 'bicubic', -9e999, 0.75, -9e999, 'ok', '2026-12-01 12:00:01');
                """);
        }
        SqliteConnection.ClearAllPools();

        var read = new ResultStore(EvaluationDatabase.Open(path)).Results(1).Single().Result;

        Assert.True(double.IsNaN(read.Psnr!.Value));
        Assert.Equal(0.75, read.Ssim);
        Assert.True(double.IsNaN(read.MsSsim!.Value));
        Assert.Equal((null, 0.75, "Psnr=nan;MsSsim=nan"), RawOld(path));
    }

    /// <summary>What the file holds for the first result: Psnr, Ssim, Gmsd, DetailCorr as SQLite prints them, DetailRatio, ExactValues.</summary>
    private static (string?, string?, string?, string?, double?, string?) Raw(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT CASE WHEN Psnr > 1e308 THEN 'inf' END, Ssim, CASE WHEN Gmsd = 0 THEN '0' END,
                   CASE WHEN DetailCorr < -1e308 THEN '-inf' END, DetailRatio, ExactValues FROM results
            """;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return (Text(0), Text(1), Text(2), Text(3), reader.GetDouble(4), Text(5));
    }

    private static (double?, double?, string?) RawOld(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Psnr, Ssim, ExactValues FROM results";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.IsDBNull(0) ? null : reader.GetDouble(0), reader.GetDouble(1), reader.GetString(2));
    }
}
