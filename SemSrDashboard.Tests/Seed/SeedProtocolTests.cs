using System.Text.Json;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Seed;

/// <summary>The seed protocol end to end against scikit-image 0.19 + OpenCV-Python on committed crops
/// (tools/fixtures/make_seed_fixtures.py): grey, 16-bit, colour and wider-than-1050 files.</summary>
public class SeedProtocolTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed");

    public static TheoryData<string> Files() => ["grey_99x75.png", "wide_1100x90.png", "sixteen_bit_64x64.png", "colour_80x60.png"];

    [Theory]
    [MemberData(nameof(Files))]
    public void Bicubic_matches_the_original_study_computation(string file)
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, "expected.json"))).RootElement.GetProperty(file);
        var settings = new RunSettings(FixtureDirectory, ["bicubic"], Protocol: RunSettings.SeedProtocol, InfoBar: "none");
        using var bicubic = new InterpolationUpsampler("bicubic");
        var evaluator = IImageEvaluator.For(settings, [bicubic]);
        var image = new StoredImage { Category = "seed", RelativePath = file };

        var evaluation = evaluator.Evaluate(image, new HashSet<string> { "bicubic" });

        var result = Assert.Single(evaluation.Results);
        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal(expected.GetProperty("width").GetInt32(), evaluation.Image.Width);
        Assert.Equal(expected.GetProperty("height").GetInt32(), evaluation.Image.Height);
        Assert.Equal(0, evaluation.Image.InfoBarRows);
        Assert.Equal(expected.GetProperty("psnr").GetDouble(), result.Psnr!.Value, 1e-6);
        Assert.Equal(expected.GetProperty("ssim").GetDouble(), result.Ssim!.Value, 1e-6);
        Assert.Null(result.SsimSkimage);
    }

    [Fact]
    public void A_method_without_rgb_output_fails_with_a_reason()
    {
        var settings = new RunSettings(FixtureDirectory, ["bicubic", "grey-only"], Protocol: RunSettings.SeedProtocol, InfoBar: "none");
        using var greyOnly = new SerializedUpsampler(new GrayOnlyUpsampler());
        var evaluator = IImageEvaluator.For(settings, [greyOnly]);

        var evaluation = evaluator.Evaluate(new StoredImage { Category = "seed", RelativePath = "grey_99x75.png" }, new HashSet<string> { "grey-only" });

        var result = Assert.Single(evaluation.Results);
        Assert.Equal(ResultStatus.Failed, result.Status);
        Assert.Contains("does not support the seed protocol", result.Error);
    }

    [Fact]
    public void Validation_turns_info_bar_removal_off_under_the_seed_protocol()
    {
        var settings = RunSettingsValidator.Validate(
            new RunSettings(FixtureDirectory, ["bicubic"], Protocol: RunSettings.SeedProtocol, InfoBar: "auto"), new MethodCatalog());
        Assert.Equal("none", settings.InfoBar);
    }

    private sealed class GrayOnlyUpsampler : IUpsampler
    {
        public string Id => "grey-only";
        public bool IsInterpolation => false;
        public bool IsThreadSafe => false;
        public Engine.Imaging.GrayImage Upsample(Engine.Imaging.GrayImage lowResolution, int scale) => throw new InvalidOperationException();
        public void Dispose() { }
    }
}
