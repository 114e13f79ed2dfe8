using System.Security.Cryptography;
using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Tests.Cli;

/// <summary><c>models int8</c>: the variant and its card written where asked, and the refusals.</summary>
public sealed class ModelsInt8VerbTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Writes_a_model_and_card_that_records_calibration_and_held_out_accuracy()
    {
        string outDir = _sandbox.PathIn("int8");

        var result = await _sandbox.Run("models", "int8", "rdn-slim-x4", "--calibrate", RepositoryPaths.DemoData, "--images", "5", "--out", outDir);

        Assert.True(result.Code == 0, result.ToString());
        var registry = ModelRegistry.Scan([outDir]);
        Assert.Empty(registry.Problems);
        var model = registry.Find("rdn-slim-x4-int8");
        Assert.NotNull(model);
        var source = ModelCard.Load(Path.Combine(RepositoryPaths.Models, "rdn-slim-x4.card.json"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model.OnnxPath))), model.Card.Sha256);
        Assert.Equal(source.DisplayName + " (int8)", model.Card.DisplayName);
        Assert.Equal(source.InputRange, model.Card.InputRange);

        var q = model.Card.Quantization;
        Assert.NotNull(q);
        Assert.Equal(("rdn-slim-x4", source.Sha256), (q.BaseId, q.BaseSha256));
        Assert.Equal(Path.GetFullPath(RepositoryPaths.DemoData), q.DataFolder);
        // Five images spread over the nine demo files; the 4th is held out.
        Assert.Equal(4, q.CalibrationImages.Count);
        Assert.Single(q.HeldOutImages);
        Assert.Empty(q.CalibrationImages.Intersect(q.HeldOutImages));
        Assert.All(q.CalibrationImages.Concat(q.HeldOutImages), image => Assert.True(File.Exists(Path.Combine(q.DataFolder, image)), image));
        Assert.Equal(q.PsnrInt8 - q.PsnrFloat32, q.DeltaPsnrMean, 9); // one held-out image: mean = the difference
        Assert.InRange(q.DeltaPsnrMean, -1.0, 0.5);
        Assert.Contains("uint8", q.Method);
        Assert.Contains($"{q.DeltaPsnrMean:+0.000;-0.000} dB", result.Error);
        Assert.Contains(model.Card.Sha256, result.Error);
        Assert.Equal("", result.Output); // progress and confirmations only: nothing on standard output
    }

    [Fact]
    public async Task An_unknown_id_is_a_usage_error_and_writes_nothing()
    {
        string outDir = _sandbox.PathIn("int8");

        var result = await _sandbox.Run("models", "int8", "no-such-model", "--calibrate", RepositoryPaths.DemoData, "--out", outDir);

        Assert.Equal(2, result.Code);
        Assert.Contains("unknown model 'no-such-model'", result.Error);
        Assert.Contains("rdn-slim-x4", result.Error);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task An_empty_calibration_folder_is_a_usage_error_and_writes_nothing()
    {
        string empty = _sandbox.PathIn("empty");
        Directory.CreateDirectory(Path.Combine(empty, "Category"));
        File.WriteAllText(Path.Combine(empty, "Category", "notes.txt"), "not an image");
        string outDir = _sandbox.PathIn("int8");

        var result = await _sandbox.Run("models", "int8", "rdn-slim-x4", "--calibrate", empty, "--out", outDir);

        Assert.Equal(2, result.Code);
        Assert.Contains("holds no images", result.Error);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task A_missing_calibration_folder_is_a_usage_error()
    {
        var result = await _sandbox.Run("models", "int8", "rdn-slim-x4", "--calibrate", _sandbox.PathIn("nowhere"), "--out", _sandbox.PathIn("int8"));

        Assert.Equal(2, result.Code);
        Assert.Contains("not found", result.Error);
    }

    [Fact]
    public async Task The_bundled_models_folder_is_refused()
    {
        var result = await _sandbox.Run("models", "int8", "rdn-slim-x4", "--calibrate", RepositoryPaths.DemoData, "--out", RepositoryPaths.Models);

        Assert.Equal(2, result.Code);
        Assert.Contains("bundled models folder", result.Error);
        Assert.False(File.Exists(Path.Combine(RepositoryPaths.Models, "rdn-slim-x4-int8.onnx")));
    }
}
