using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Models.Import;

namespace SemSrDashboard.Tests.Models;

/// <summary>The converter on a small layers-model saved by TensorFlow.js (every supported layer type, including
/// the UpscalerJS custom layers) and on broken variants of it.</summary>
public sealed class TfjsModelConverterTests : IDisposable
{
    private readonly string _outDir = Path.Combine(Path.GetTempPath(), "semsr-models-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_outDir))
            Directory.Delete(_outDir, recursive: true);
    }

    private static string Fixture(params string[] parts) => Path.Combine([ModelTestFiles.Fixtures, .. parts]);

    [Fact]
    public void Converted_tiny_model_matches_tfjs()
    {
        var card = TfjsModelConverter.Convert(Fixture("tiny", "model.json"), "tiny", _outDir,
            new TfjsImportOptions { InputRange = [0, 1], OutputRange = [0, 1] });

        var input = ModelTestFiles.ReadFloats(Fixture("tiny", "input.f32"));
        var expected = ModelTestFiles.ReadFloats(Fixture("tiny", "output.tfjs.f32"));
        var (actual, oh, ow) = ModelTestFiles.RunNhwc(Path.Combine(_outDir, "tiny.onnx"), input, 5, 7, 3);

        Assert.Equal((20, 28), (oh, ow));
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4, $"element {i}: tfjs {expected[i]}, onnx {actual[i]}");
        Assert.Equal(4, card.Scale);
        Assert.Equal(3, card.Channels);
        Assert.Equal(3 * 3 * 3 * 8 + 8 + 8 * 4 + 4 + 5 * 5 * 12 * 8 + 8 + 3 * 3 * 8 * 48 + 48 + 3 * 3 * 3 * 3 + 3, card.ParameterCount);
        Assert.False(card.Inferred);
        Assert.Equal(card, ModelCard.Load(Path.Combine(_outDir, "tiny.card.json")));
        Assert.Equal(["tiny.card.json", "tiny.onnx"], Directory.GetFiles(_outDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Card_without_given_ranges_is_marked_inferred()
    {
        var card = TfjsModelConverter.Convert(Fixture("tiny", "model.json"), "tiny", _outDir);

        Assert.True(card.Inferred);
        Assert.Equal([0.0, 1.0], card.InputRange);
        Assert.Contains("not given", card.Notes);
    }

    [Fact]
    public void Unknown_layer_type_is_rejected_with_its_name()
    {
        var ex = Assert.Throws<TfjsImportException>(() =>
            TfjsModelConverter.Convert(Fixture("broken", "unknown-layer", "model.json"), "broken", _outDir));

        Assert.Contains("Unsupported layer type 'FancyAttention'", ex.Message);
        Assert.Contains("multiply_beta", ex.Message); // the layer's name
        Assert.False(Directory.Exists(_outDir) && Directory.EnumerateFileSystemEntries(_outDir).Any());
    }

    [Fact]
    public void Weight_missing_from_manifest_is_rejected()
    {
        var ex = Assert.Throws<TfjsImportException>(() =>
            TfjsModelConverter.Convert(Fixture("broken", "missing-weight", "model.json"), "broken", _outDir));

        Assert.Contains("'head/bias'", ex.Message);
        Assert.Contains("not in the weights manifest", ex.Message);
        Assert.False(Directory.Exists(_outDir) && Directory.EnumerateFileSystemEntries(_outDir).Any());
    }

    [Fact]
    public void Shard_shorter_than_manifest_is_rejected()
    {
        var ex = Assert.Throws<TfjsImportException>(() =>
            TfjsModelConverter.Convert(Fixture("broken", "short-shard", "model.json"), "broken", _outDir));

        Assert.Contains("hold 25016 bytes", ex.Message);
        Assert.Contains("describes 25024 bytes", ex.Message);
        Assert.False(Directory.Exists(_outDir) && Directory.EnumerateFileSystemEntries(_outDir).Any());
    }

    [Fact]
    public void Missing_shard_file_is_rejected()
    {
        var ex = Assert.Throws<TfjsImportException>(() =>
            TfjsModelConverter.Convert(Fixture("broken", "missing-shard", "model.json"), "broken", _outDir));

        Assert.Contains("'group1-shard2of2.bin'", ex.Message);
        Assert.Contains("missing", ex.Message);
    }

    [Fact]
    public void Failed_conversion_leaves_an_existing_model_untouched()
    {
        TfjsModelConverter.Convert(Fixture("tiny", "model.json"), "tiny", _outDir);
        var before = File.ReadAllBytes(Path.Combine(_outDir, "tiny.onnx"));

        Assert.Throws<TfjsImportException>(() =>
            TfjsModelConverter.Convert(Fixture("broken", "short-shard", "model.json"), "tiny", _outDir));

        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_outDir, "tiny.onnx")));
        Assert.Equal(["tiny.card.json", "tiny.onnx"], Directory.GetFiles(_outDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Keras_kernel_is_reordered_from_hwio_to_oihw()
    {
        // kernel [kh=1, kw=2, in=2, out=3]; value encodes (h, w, i, o) as h*1000 + w*100 + i*10 + o.
        var hwio = new float[1 * 2 * 2 * 3];
        for (var w = 0; w < 2; w++)
        for (var i = 0; i < 2; i++)
        for (var o = 0; o < 3; o++)
            hwio[(w * 2 + i) * 3 + o] = w * 100 + i * 10 + o;

        var oihw = KerasLayerTranslator.HwioToOihw(hwio, 1, 2, 2, 3);

        for (var o = 0; o < 3; o++)
        for (var i = 0; i < 2; i++)
        for (var w = 0; w < 2; w++)
            Assert.Equal(w * 100 + i * 10 + o, oihw[(o * 2 + i) * 2 + w]);
    }
}
