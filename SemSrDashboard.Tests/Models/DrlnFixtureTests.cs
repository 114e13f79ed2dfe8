using System.Text.Json;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Upsampling;
using Xunit.Abstractions;

namespace SemSrDashboard.Tests.Models;

/// <summary>The tiny DRLN-BAM fixture (random weights, exported from PyTorch) run through the engine's registry and
/// <see cref="OnnxUpsampler"/>, against the stored PyTorch output.</summary>
public class DrlnFixtureTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "drln");
    private const string Id = "drln-tiny-x4";

    private static OnnxUpsampler Open(int tile = 0, int pad = 0)
    {
        var catalog = new ModelMethodCatalog(ModelRegistry.Scan([Folder]));
        Assert.Empty(catalog.Problems);
        var settings = new RunSettings(Folder, [Id], 4, Tile: tile, TilePad: pad, Device: "cpu");
        return Assert.IsType<OnnxUpsampler>(catalog.Create(Id, settings));
    }

    [Fact]
    public void Drln_fixture_through_the_engine_matches_pytorch_within_1e4()
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, Id + ".fixture.json")));
        int[] inShape = [.. fixture.RootElement.GetProperty("input").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())];
        int[] outShape = [.. fixture.RootElement.GetProperty("output").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())];
        var input = ModelTestFiles.ReadFloats(Path.Combine(Folder, Id + ".input.f32"));
        var expected = ModelTestFiles.ReadFloats(Path.Combine(Folder, Id + ".output.f32"));

        using var upsampler = Open();
        Assert.False(upsampler.Card.Inferred);
        var actual = upsampler.InferRaw(new PlanarTensor(input, inShape[1], inShape[2], inShape[3]));

        Assert.Equal((outShape[1], outShape[2], outShape[3]), (actual.Channels, actual.Height, actual.Width));
        Assert.Equal(expected.Length, actual.Data.Length);
        double maxDiff = expected.Zip(actual.Data, (e, a) => Math.Abs((double)e - a)).Max();
        output.WriteLine($"max |ONNX Runtime (.NET) − PyTorch| = {maxDiff:E2}");
        Assert.True(maxDiff <= 1e-4, $"max abs diff {maxDiff}");
    }

    [Fact]
    public void Drln_fixture_upsamples_a_grey_image_x4_tiled_or_not()
    {
        var lr = new GrayImage(20, 14, [.. Enumerable.Range(0, 20 * 14).Select(i => (byte)(i * 37 % 256))]);
        using var whole = Open();
        using var tiled = Open(tile: 8, pad: 4);
        var a = whole.Upsample(lr, 4);
        var b = tiled.Upsample(lr, 4);
        Assert.Equal((80, 56), (a.Width, a.Height));
        Assert.Equal((80, 56), (b.Width, b.Height));
        var seed = whole.UpsampleRgb([.. lr.Pixels.SelectMany(p => new[] { p, p, p })], 20, 14, 4);
        Assert.Equal(80 * 56 * 3, seed.Length);
        Assert.All(seed, v => Assert.True(float.IsFinite(v)));
        // Fixture outputs lie in [0.29, 0.57] of the [0, 1] range: grey roughly 75–146, never clipped to 0 or 255.
        Assert.InRange(a.Pixels.Min(), 40, 200);
        Assert.InRange(a.Pixels.Max(), 40, 200);
    }
}
