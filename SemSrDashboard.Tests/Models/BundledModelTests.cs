using System.Security.Cryptography;
using System.Text.Json;
using SemSrDashboard.Engine.Models;
using Xunit.Abstractions;

namespace SemSrDashboard.Tests.Models;

/// <summary>The committed ONNX models against outputs of the original TensorFlow.js models (tfjs 4.11, pure-JS
/// CPU backend, the packages' own custom layers) on crops of real SEM images; see tools/tfjs-reference.</summary>
public class BundledModelTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var id in BundledModels.Ids)
        foreach (var crop in new[] { "lung-32x32", "nanowires-40x24" })
            data.Add(id, crop);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_output_matches_tfjs_within_a_hundredth_of_a_grey_level(string id, string crop)
    {
        var card = ModelCard.Load(Path.Combine(ModelTestFiles.BundledModels, ModelCard.FileNameFor(id)));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelTestFiles.Fixtures, "reference.json")));
        var cropInfo = manifest.RootElement.GetProperty("crops").EnumerateArray().Single(c => c.GetProperty("name").GetString() == crop);
        int width = cropInfo.GetProperty("width").GetInt32(), height = cropInfo.GetProperty("height").GetInt32();
        var reference = manifest.RootElement.GetProperty("outputs").EnumerateArray()
            .Single(o => o.GetProperty("model").GetString() == id && o.GetProperty("crop").GetString() == crop);
        // The reference was produced with the package's declared ranges; the card must agree.
        Assert.Equal(card.InputRange, reference.GetProperty("inputRange").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(card.OutputRange, reference.GetProperty("outputRange").EnumerateArray().Select(v => v.GetDouble()));

        var grey = File.ReadAllBytes(Path.Combine(ModelTestFiles.Fixtures, cropInfo.GetProperty("inputFile").GetString()!));
        Assert.Equal(width * height, grey.Length);
        var input = new float[grey.Length * 3];
        for (var i = 0; i < grey.Length; i++)
            input[3 * i] = input[3 * i + 1] = input[3 * i + 2] = card.ToInput(grey[i]);

        var (actual, oh, ow) = ModelTestFiles.RunNhwc(Path.Combine(ModelTestFiles.BundledModels, id + ".onnx"), input, height, width, 3);
        var expected = ModelTestFiles.ReadFloats(Path.Combine(ModelTestFiles.Fixtures, reference.GetProperty("file").GetString()!));

        Assert.Equal((4 * height, 4 * width), (oh, ow));
        Assert.Equal(expected.Length, actual.Length);
        var maxDiff = 0.0;
        for (var i = 0; i < expected.Length; i++)
            maxDiff = Math.Max(maxDiff, Math.Abs(card.ToGray(actual[i]) - card.ToGray(expected[i])));
        output.WriteLine($"{id} on {crop}: max |ONNX - tfjs| = {maxDiff:G4} grey levels");
        Assert.True(maxDiff < 0.01, $"{id} on {crop}: max |ONNX - tfjs| = {maxDiff:G4} grey levels");
        // Guard against a trivially passing comparison: the network really produced an image.
        Assert.True(expected.Max(card.ToGray) - expected.Min(card.ToGray) > 20);
    }

    [Fact]
    public void Models_folder_holds_exactly_the_bundled_models()
    {
        var files = Directory.GetFiles(ModelTestFiles.BundledModels).Select(Path.GetFileName).Order().ToList();
        var expected = BundledModels.Ids.SelectMany(id => new[] { id + ".card.json", id + ".onnx" }).Append("NOTICE.md").Order();

        Assert.Equal(expected, files);
        Assert.Equal("rrdn-thick-x4", BundledModels.DefaultId);
    }

    [Theory]
    [InlineData("rrdn-thick-x4", "RRDN", 7_260_740, 0, 1)]
    [InlineData("rdn-medium-x4", "RDN", 704_611, 0, 255)]
    [InlineData("rdn-slim-x4", "RDN", 233_451, 0, 255)]
    public void Card_describes_the_committed_onnx_file(string id, string architecture, long parameters, double lo, double hi)
    {
        var card = ModelCard.Load(Path.Combine(ModelTestFiles.BundledModels, ModelCard.FileNameFor(id)));
        var onnx = File.ReadAllBytes(Path.Combine(ModelTestFiles.BundledModels, id + ".onnx"));

        Assert.Equal(id, card.Id);
        Assert.Equal(architecture, card.Architecture);
        Assert.Equal(parameters, card.ParameterCount);
        Assert.Equal(4, card.Scale);
        Assert.Equal(3, card.Channels);
        Assert.Equal([lo, hi], card.InputRange);
        Assert.Equal([lo, hi], card.OutputRange);
        Assert.Equal("MIT", card.Licence);
        Assert.Equal("1.0.0", card.SourceVersion);
        Assert.StartsWith("@upscalerjs/esrgan-", card.SourcePackage);
        Assert.False(card.Inferred);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(onnx)), card.Sha256);
    }
}
