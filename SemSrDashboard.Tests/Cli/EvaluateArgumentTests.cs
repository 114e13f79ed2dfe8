namespace SemSrDashboard.Tests.Cli;

/// <summary>Bad arguments: exit code 2, a clear message, and no database written.</summary>
public sealed class EvaluateArgumentTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public EvaluateArgumentTests() => _box.CopyInto(Path.Combine(AppContext.BaseDirectory, "Fixtures", "loader", "grey8_nanowires.png"), "C/a.png");

    public void Dispose() => _box.Dispose();

    private async Task AssertRefused(string expectedMessage, params string[] args)
    {
        var result = await _box.Run(args);
        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains(expectedMessage, result.Error);
        Assert.StartsWith("error: ", result.Error);
        Assert.False(_box.DatabaseWritten, "the database was created");
    }

    private string[] Evaluate(params string[] extra) => ["evaluate", "--data", _box.Data, "--db", _box.Database, .. extra];

    [Fact]
    public Task AMissingDataFolderIsRefused() =>
        AssertRefused("data folder not found: " + _box.PathIn("nope"), "evaluate", "--data", _box.PathIn("nope"), "--db", _box.Database);

    [Fact]
    public Task AnEmptyDataFolderIsRefused()
    {
        string empty = Directory.CreateDirectory(_box.PathIn("empty")).FullName;
        return AssertRefused("no images in " + empty, "evaluate", "--data", empty, "--db", _box.Database);
    }

    [Fact]
    public Task ADataFolderWithoutImagesIsRefused()
    {
        string folder = Directory.CreateDirectory(_box.PathIn("docs/sub")).FullName;
        File.WriteAllText(Path.Combine(folder, "readme.txt"), "no images");
        return AssertRefused("no images in", "evaluate", "--data", _box.PathIn("docs"), "--db", _box.Database);
    }

    [Fact]
    public Task AFileAsDataFolderIsRefused() =>
        AssertRefused("data folder not found", "evaluate", "--data", Path.Combine(_box.Data, "C", "a.png"), "--db", _box.Database);

    [Fact]
    public Task AMissingDataOptionIsRefused() => AssertRefused("--data", "evaluate", "--db", _box.Database);

    [Fact]
    public Task AnUnknownMethodIsRefused() =>
        AssertRefused("unknown method 'bicubik' (available: bicubic, bilinear, lanczos, nearest, rdn-medium-x4, rdn-slim-x4, rrdn-thick-x4)", Evaluate("--methods", "bilinear,bicubik"));

    [Theory]
    [InlineData("1")]
    [InlineData("5")]
    [InlineData("0")]
    [InlineData("-4")]
    public Task AScaleOutside2To4IsRefused(string scale) =>
        AssertRefused($"scale must be 2, 3 or 4, not {scale}", Evaluate("--scale", scale));

    [Fact]
    public Task ANonNumericScaleIsRefused() => AssertRefused("four", Evaluate("--scale", "four"));

    [Theory]
    [InlineData("bottom")]
    [InlineData("-3")]
    [InlineData("1.5")]
    public Task ABadInfoBarIsRefused(string value) =>
        AssertRefused($"info bar must be 'auto', 'none' or a number of rows, got '{value}'", Evaluate("--info-bar", value));

    [Fact]
    public Task ResumeWithNewIsRefused() => AssertRefused("--resume and --new exclude each other", Evaluate("--resume", "1", "--new"));

    [Fact]
    public Task AnUnknownOptionIsRefused() => AssertRefused("--frobnicate", Evaluate("--frobnicate"));

    [Fact]
    public Task AnUnknownVerbIsRefused() => AssertRefused("evalute", "evalute", "--data", _box.Data, "--db", _box.Database);

    [Fact]
    public Task ABadProtocolIsRefused() => AssertRefused("protocol must be standard or seed, not 'paper'", Evaluate("--protocol", "paper"));

    [Fact]
    public Task ABadDeviceIsRefused() => AssertRefused("device must be auto, cpu or cuda, not 'tpu'", Evaluate("--device", "tpu"));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public Task ANonPositiveLimitIsRefused(string limit) =>
        AssertRefused("--limit-per-category must be at least 1", Evaluate("--limit-per-category", limit));

    [Fact]
    public Task ANegativeTileIsRefused() => AssertRefused("--tile and --tile-pad must not be negative", Evaluate("--tile", "-8"));

    [Fact]
    public Task ACsvInAMissingFolderIsRefused() =>
        AssertRefused("folder not found", Evaluate("--csv", _box.PathIn("missing/out.csv")));
}
