using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Tests.Cli;

namespace SemSrDashboard.Tests.Export;

public sealed class ExportCommandTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private async Task EvaluateTwoImages(params string[] extra)
    {
        string fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "loader", "grey8_nanowires.png");
        _box.CopyInto(fixture, "A/one.png");
        _box.CopyInto(fixture, "B/two.png");
        var result = await _box.Run(["evaluate", "--data", _box.Data, "--db", _box.Database, "--methods", "bicubic,bilinear", .. extra]);
        Assert.True(result.Code == 0, result.ToString());
    }

    private Task<CliResult> Export(params string[] extra) => _box.Run(["export", "--db", _box.Database, .. extra]);

    [Fact]
    public async Task LongExportEqualsTheEvaluateCsv()
    {
        await EvaluateTwoImages("--csv", _box.PathIn("evaluate.csv"));

        var result = await Export("--format", "long", "--csv", _box.PathIn("export.csv"));

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("Wrote 4 results of run 1", result.Error);
        Assert.Equal(File.ReadAllText(_box.PathIn("evaluate.csv")), File.ReadAllText(_box.PathIn("export.csv")));
    }

    [Fact]
    public async Task TheLatestRunIsExportedUnlessARunIsNamed()
    {
        await EvaluateTwoImages();
        var second = await _box.Run("evaluate", "--data", Path.Combine(_box.Data, "A"), "--db", _box.Database, "--methods", "bicubic");
        Assert.True(second.Code == 0, second.ToString());

        var latest = await Export("--csv", _box.PathIn("latest.csv"));
        var first = await Export("--run", "1", "--csv", _box.PathIn("first.csv"));

        Assert.Contains("Wrote 1 results of run 2", latest.Error);
        Assert.Equal(["A/one.png"], Csv.Records(_box.PathIn("latest.csv")).Select(r => r["category"] + "/" + r["file"]));
        Assert.Equal(4, Csv.Records(_box.PathIn("first.csv")).Count);
    }

    [Fact]
    public async Task SeedExportOfARunWithoutAModelIsRefusedAndWritesNothing()
    {
        await EvaluateTwoImages();
        string csv = _box.PathIn("seed.csv");

        var result = await Export("--format", "seed", "--csv", csv);

        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains(
            "error: run 1 evaluated no model (methods: bicubic,bilinear); the seed layout's dlnr_* columns need one, use --format long",
            result.Error);
        Assert.False(File.Exists(csv));
    }

    [Fact]
    public async Task SeedExportPutsTheFirstModelInTheDlnrColumns()
    {
        var engine = _box.OpenEngine();
        var settings = new RunSettings(_box.Data, ["bicubic", "bilinear", "drln-x4", "rdn-x4"]);
        var run = engine.Store.CreateRun(settings,
            [new ScannedImage("A", "A/one.png", ""), new ScannedImage("B", "B/two, with comma.png", ""), new ScannedImage("B", "B/three.png", "")],
            0, null);
        var images = engine.Store.Images(run.Id).ToDictionary(i => i.RelativePath);
        Save(engine.Store, images["A/one.png"], ("bicubic", 30.25, 0.75), ("bilinear", 29.0, 0.7), ("drln-x4", 31.5, 0.8125), ("rdn-x4", 1, 0));
        Save(engine.Store, images["B/two, with comma.png"], ("bicubic", double.PositiveInfinity, 1.0), ("drln-x4", double.PositiveInfinity, 1.0));
        Save(engine.Store, images["B/three.png"], ("bicubic", null, null), ("drln-x4", null, null));
        string csv = _box.PathIn("seed.csv");

        var result = await Export("--format", "seed", "--csv", csv);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal(
            "sem_file,dlnr_psnr,dlnr_ssim,bicubic_psnr,bicubic_ssim\n" +
            "A/one.png,31.5,0.8125,30.25,0.75\n" +
            "B/three.png,,,,\n" +
            "\"B/two, with comma.png\",inf,1,inf,1\n",
            File.ReadAllText(csv));
    }

    private static void Save(ResultStore store, StoredImage image, params (string Method, double? Psnr, double? Ssim)[] results) =>
        store.SaveImage(image, results.Select(r => new MethodScore
        {
            Method = r.Method,
            Psnr = r.Psnr,
            Ssim = r.Ssim,
            Status = r.Psnr is null ? ResultStatus.Failed : ResultStatus.Ok,
            Error = r.Psnr is null ? "not a decodable image" : null,
        }).ToList());

    [Fact]
    public async Task AnUnknownRunIsRefused()
    {
        await EvaluateTwoImages();
        var result = await Export("--run", "5", "--csv", _box.PathIn("x.csv"));
        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains("error: run 5 not found", result.Error);
        Assert.False(File.Exists(_box.PathIn("x.csv")));
    }

    [Fact]
    public async Task AMissingDatabaseIsRefusedWithoutCreatingIt()
    {
        var result = await Export("--csv", _box.PathIn("x.csv"));
        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains("error: database not found: " + _box.Database, result.Error);
        Assert.False(_box.DatabaseWritten);
        Assert.False(File.Exists(_box.PathIn("x.csv")));
    }

    [Fact]
    public async Task AnEmptyDatabaseIsRefused()
    {
        _box.OpenEngine();
        var result = await Export("--csv", _box.PathIn("x.csv"));
        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains("error: the database holds no run", result.Error);
    }

    [Theory]
    [InlineData("wide")]
    [InlineData("LONG")]
    public async Task AnUnknownFormatIsRefused(string format)
    {
        var result = await Export("--format", format, "--csv", _box.PathIn("x.csv"));
        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains(format, result.Error);
        Assert.False(_box.DatabaseWritten);
    }

    [Fact]
    public async Task AMissingCsvOptionIsRefused()
    {
        var result = await Export("--format", "long");
        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains("--csv", result.Error);
    }
}
