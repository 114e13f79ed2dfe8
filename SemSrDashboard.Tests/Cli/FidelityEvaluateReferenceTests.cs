using System.Globalization;
using System.Text.Json;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Tests.Metrics;

namespace SemSrDashboard.Tests.Cli;

/// <summary>End to end: bicubic and a bundled model through <c>evaluate</c> on two demo micrographs, every stored and
/// exported fidelity value against the independent implementation run on the same outputs
/// (Fixtures/fidelity/evaluate, written by tools/fixtures/make_fidelity_evaluate_fixtures.py).</summary>
public sealed class FidelityEvaluateReferenceTests : IDisposable
{
    private static readonly string Folder = Path.Combine(FidelityFixtures.Root, "evaluate");
    private static readonly string[] Fidelity = ["ms_ssim", "gmsd", "lr_psnr", "detail_corr", "detail_ratio"];
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task EvaluateAgreesWithTheReferenceImplementationOnTheRunsOwnOutputs()
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        var expected = fixture.RootElement.GetProperty("results").EnumerateArray().ToList();
        string model = fixture.RootElement.GetProperty("model").GetString()!;
        var files = expected.Select(e => e.GetProperty("file").GetString()!).Distinct().ToList();
        foreach (string file in files) _box.CopyDemo(file);
        string csv = _box.PathIn("all.csv");

        var result = await _box.Run("evaluate", "--data", _box.Data, "--db", _box.Database, "--methods", $"bicubic,{model}",
            "--scale", "4", "--info-bar", "none", "--device", "cpu", "--csv", csv);

        Assert.True(result.Code == 0, result.ToString());
        var engine = _box.OpenEngine();
        var run = engine.Store.ListRuns().Single();
        var outputs = OutputStore.For(engine.Database);
        var rows = Csv.Records(csv);
        int compared = 0;
        foreach (var (image, stored) in engine.Store.Results(run.Id))
        {
            // The fixture was computed on the model output a run produced here: this run must reproduce its pixels.
            if (stored.Method == model)
            {
                string name = Path.GetFileName(image.RelativePath).StartsWith("lung__", StringComparison.Ordinal) ? "lung" : "nanowires";
                var committed = ImageLoader.Decode(File.ReadAllBytes(Path.Combine(Folder, $"{name}__{model}.png"))).Image;
                var produced = ImageLoader.Decode(outputs.Load(run.Id, image.Id, model)!).Image;
                Assert.Equal(committed.Pixels, produced.Pixels);
            }
            var want = expected.Single(e => e.GetProperty("file").GetString() == image.RelativePath &&
                e.GetProperty("method").GetString() == stored.Method);
            var row = rows.Single(r => r["file"] == image.RelativePath && r["method"] == stored.Method);
            foreach (string id in Fidelity)
            {
                double reference = want.GetProperty(id).GetDouble();
                FidelityFixtures.AssertAgrees(reference, MetricRegistry.Get(id).Read(stored)!.Value, $"{image.RelativePath} {stored.Method} {id}");
                FidelityFixtures.AssertAgrees(reference, double.Parse(row[id], NumberStyles.Float, CultureInfo.InvariantCulture),
                    $"CSV {image.RelativePath} {stored.Method} {id}");
                compared++;
            }
        }
        Assert.Equal(expected.Count * Fidelity.Length, compared);
    }
}
