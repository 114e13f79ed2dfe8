using OpenCvSharp;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Imaging;

public sealed class ImageEvaluatorTests : IDisposable
{
    private static readonly string[] Methods = ["bicubic", "bilinear", "nearest"];
    private readonly string _root = Directory.CreateTempSubdirectory("semsr-evaluator-").FullName;
    private readonly List<IUpsampler> _upsamplers = Methods.Select(m => (IUpsampler)new InterpolationUpsampler(m)).ToList();

    public void Dispose()
    {
        foreach (var upsampler in _upsamplers)
            upsampler.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private ImageEvaluation Evaluate(string relativePath, int scale = 4, string infoBar = "none")
    {
        var settings = new RunSettings(_root, Methods, scale, InfoBar: infoBar);
        var evaluator = new ImageEvaluator(settings, _upsamplers);
        var image = new StoredImage { Category = "C", RelativePath = relativePath, RunId = 1, Id = 1 };
        return evaluator.Evaluate(image, new HashSet<string>(Methods));
    }

    private void WritePng(string name, GrayImage image)
    {
        using var mat = ImageLoader.ToMat(image);
        Cv2.ImWrite(Path.Combine(_root, name), mat);
    }

    private static GrayImage Crop(int width, int height) =>
        Degrader.Crop(ImageLoader.Load(LoaderFixtures.PathOf("grey8_nanowires.png")).Image, width, height);

    private static void AssertAllFailed(ImageEvaluation evaluation, string reason)
    {
        Assert.True(evaluation.Failed);
        Assert.Equal(Methods, evaluation.Results.Select(r => r.Method).Order());
        Assert.All(evaluation.Results, r =>
        {
            Assert.Equal(ResultStatus.Failed, r.Status);
            Assert.Contains(reason, r.Error);
            Assert.Null(r.Psnr);
            Assert.Null(r.Ssim);
            Assert.Null(r.SsimSkimage);
        });
    }

    [Fact]
    public void AGoodImageGetsFiniteMetricsForEveryMethod()
    {
        File.Copy(LoaderFixtures.PathOf("grey8_nanowires.png"), Path.Combine(_root, "good.png"));

        var evaluation = Evaluate("good.png");

        Assert.False(evaluation.Failed);
        Assert.Equal(Methods, evaluation.Results.Select(r => r.Method));
        Assert.All(evaluation.Results, r =>
        {
            Assert.Equal(ResultStatus.Ok, r.Status);
            Assert.Null(r.Error);
            Assert.True(double.IsFinite(r.Psnr!.Value) && r.Psnr > 10 && r.Psnr < 60, $"{r.Method} psnr {r.Psnr}");
            Assert.InRange(r.Ssim!.Value, 0.0, 1.0);
            Assert.InRange(r.SsimSkimage!.Value, 0.0, 1.0);
            Assert.NotNull(r.Milliseconds);
        });
        var image = evaluation.Image;
        Assert.Equal((64, 48, 64, 48, 8, 0, false), (image.SourceWidth, image.SourceHeight, image.Width, image.Height,
            image.SourceBitDepth, image.InfoBarRows, image.NearlyBlack));
    }

    [Fact]
    public void TheImageIsCroppedToAMultipleOfTheScale()
    {
        WritePng("odd.png", Crop(61, 47));

        var evaluation = Evaluate("odd.png", scale: 3);

        Assert.False(evaluation.Failed);
        Assert.Equal((61, 47, 60, 45), (evaluation.Image.SourceWidth, evaluation.Image.SourceHeight, evaluation.Image.Width, evaluation.Image.Height));
    }

    [Fact]
    public void AConstantImageIsReproducedExactly()
    {
        var flat = new GrayImage(40, 40);
        Array.Fill(flat.Pixels, (byte)97);
        WritePng("flat.png", flat);

        var evaluation = Evaluate("flat.png");

        Assert.All(evaluation.Results, r =>
        {
            Assert.Equal(ResultStatus.Ok, r.Status);
            Assert.Equal(double.PositiveInfinity, r.Psnr);
            Assert.Equal(1.0, r.Ssim);
        });
    }

    [Theory]
    [InlineData(31, 48, 4, "28×48")]
    [InlineData(64, 30, 4, "64×28")]
    [InlineData(15, 20, 2, "14×20")]
    [InlineData(26, 23, 3, "24×21")]
    public void ATooSmallImageFailsEveryMethodWithTheReason(int width, int height, int scale, string cropped)
    {
        WritePng("small.png", Crop(width, height));

        var evaluation = Evaluate("small.png", scale);

        int minimum = 8 * scale;
        AssertAllFailed(evaluation, $"image too small: {cropped} px after cropping, at least {minimum}×{minimum} needed at scale {scale}");
        Assert.Equal((width, height), (evaluation.Image.SourceWidth, evaluation.Image.SourceHeight));
    }

    [Fact]
    public void AnImageThatIsTooSmallOnlyAfterRemovingTheInfoBarFails()
    {
        WritePng("bar.png", Crop(40, 35));

        Assert.False(Evaluate("bar.png", infoBar: "none").Failed);
        var evaluation = Evaluate("bar.png", infoBar: "4");

        AssertAllFailed(evaluation, "image too small: 40×28 px after cropping");
        Assert.Equal(4, evaluation.Image.InfoBarRows);
    }

    [Fact]
    public void AnUnreadableFileFailsEveryMethodWithTheReason()
    {
        File.WriteAllText(Path.Combine(_root, "broken.png"), "this is not a PNG");

        AssertAllFailed(Evaluate("broken.png"), "not a decodable image");
    }

    [Fact]
    public void AMissingFileFailsEveryMethodWithTheReason()
    {
        AssertAllFailed(Evaluate("gone.png"), "cannot read file");
    }

    [Theory]
    [InlineData("48")]
    [InlineData("500")]
    public void AnInfoBarAsHighAsTheImageFailsEveryMethodWithTheReason(string rows)
    {
        File.Copy(LoaderFixtures.PathOf("grey8_nanowires.png"), Path.Combine(_root, "good.png"));

        AssertAllFailed(Evaluate("good.png", infoBar: rows), $"info bar of {rows} rows does not fit an image 48 rows high");
    }

    [Fact]
    public void ANearlyBlackImageIsFlaggedAndStillEvaluated()
    {
        File.Copy(LoaderFixtures.PathOf("grey16lowbyte_lung.png"), Path.Combine(_root, "low.png"));

        var evaluation = Evaluate("low.png");

        Assert.True(evaluation.Image.NearlyBlack);
        Assert.Equal(16, evaluation.Image.SourceBitDepth);
        Assert.All(evaluation.Results, r => Assert.Equal(ResultStatus.Ok, r.Status));
    }

    [Fact]
    public void OnlyTheRequestedMethodsAreMeasured()
    {
        File.Copy(LoaderFixtures.PathOf("grey8_nanowires.png"), Path.Combine(_root, "good.png"));
        var evaluator = new ImageEvaluator(new RunSettings(_root, Methods, InfoBar: "none"), _upsamplers);
        var image = new StoredImage { Category = "C", RelativePath = "good.png" };

        var evaluation = evaluator.Evaluate(image, new HashSet<string> { "nearest" });

        Assert.Equal(["nearest"], evaluation.Results.Select(r => r.Method));
    }

    [Fact]
    public void NetworksRunBeforeInterpolationsAndResultsKeepTheMethodOrder()
    {
        File.Copy(LoaderFixtures.PathOf("grey8_nanowires.png"), Path.Combine(_root, "good.png"));
        var calls = new List<string>();
        var network = new RecordingUpsampler(new InterpolationUpsampler("lanczos"), "net", calls);
        var bicubic = new RecordingUpsampler(new InterpolationUpsampler("bicubic"), null, calls);
        string[] methods = ["bicubic", "net"];
        var evaluator = new ImageEvaluator(new RunSettings(_root, methods, 4, InfoBar: "none"), [bicubic, network]);

        var evaluation = evaluator.Evaluate(new StoredImage { Category = "C", RelativePath = "good.png", RunId = 1, Id = 1 },
            new HashSet<string>(methods));

        Assert.Equal(["net", "bicubic"], calls);
        Assert.Equal(methods, evaluation.Results.Select(r => r.Method));
        Assert.All(evaluation.Results, r => Assert.Equal(ResultStatus.Ok, r.Status));
        Assert.NotEqual(evaluation.Results[0].Psnr, evaluation.Results[1].Psnr); // each measured against its own output
    }

    /// <summary>A real interpolation, optionally presented as a network (not an interpolation), recording its calls.</summary>
    private sealed class RecordingUpsampler(InterpolationUpsampler inner, string? networkId, List<string> calls) : IUpsampler
    {
        public string Id => networkId ?? inner.Id;
        public bool IsInterpolation => networkId is null;
        public bool IsThreadSafe => inner.IsThreadSafe;

        public GrayImage Upsample(GrayImage lowResolution, int scale)
        {
            calls.Add(Id);
            return inner.Upsample(lowResolution, scale);
        }

        public void Dispose() => inner.Dispose();
    }
}
