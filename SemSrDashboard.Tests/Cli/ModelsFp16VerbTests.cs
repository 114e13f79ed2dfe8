using System.Security.Cryptography;
using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Tests.Cli;

/// <summary><c>models fp16</c>: the variant and its card, written where asked and offered by the registry.</summary>
public sealed class ModelsFp16VerbTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Writes_a_model_and_card_that_the_registry_offers()
    {
        string outDir = _sandbox.PathIn("fp16");

        var result = await _sandbox.Run("models", "fp16", "rdn-slim-x4", "--out", outDir);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("Wrote " + Path.Combine(outDir, "rdn-slim-x4-fp16") + ".onnx", result.Error);
        Assert.Equal("", result.Output); // a confirmation, not data
        Assert.Equal(["rdn-slim-x4-fp16.card.json", "rdn-slim-x4-fp16.onnx"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
        var registry = ModelRegistry.Scan([outDir]);
        Assert.Empty(registry.Problems);
        var model = registry.Find("rdn-slim-x4-fp16");
        Assert.NotNull(model);
        var source = ModelCard.Load(Path.Combine(RepositoryPaths.Models, "rdn-slim-x4.card.json"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model.OnnxPath))), model.Card.Sha256);
        Assert.Equal(source.DisplayName + " (fp16)", model.Card.DisplayName);
        Assert.Equal((source.Scale, source.Channels, source.ParameterCount), (model.Card.Scale, model.Card.Channels, model.Card.ParameterCount));
        Assert.Equal(source.InputRange, model.Card.InputRange);
        Assert.StartsWith("Float16 conversion of rdn-slim-x4 (sha256 " + source.Sha256, model.Card.Notes);
        Assert.Contains("evaluate --methods rdn-slim-x4,rdn-slim-x4-fp16", model.Card.Notes); // how to measure the change
        Assert.Contains(model.Card.Sha256, result.Error);
    }

    [Fact]
    public async Task An_unknown_id_is_a_usage_error_and_writes_nothing()
    {
        string outDir = _sandbox.PathIn("fp16");

        var result = await _sandbox.Run("models", "fp16", "no-such-model", "--out", outDir);

        Assert.Equal(2, result.Code);
        Assert.Contains("unknown model 'no-such-model'", result.Error);
        Assert.Contains("rdn-slim-x4", result.Error); // the ids on offer
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task The_bundled_models_folder_is_refused()
    {
        var result = await _sandbox.Run("models", "fp16", "rdn-slim-x4", "--out", RepositoryPaths.Models);

        Assert.Equal(2, result.Code);
        Assert.Contains("bundled models folder", result.Error);
        Assert.False(File.Exists(Path.Combine(RepositoryPaths.Models, "rdn-slim-x4-fp16.onnx")));
    }
}
