using System.Text.Json;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Runs;

/// <summary>A run's provenance is written without reflection-based serialization; its text must be exactly what
/// serializing the same record gives (what earlier versions stored), escaping included.</summary>
public sealed class ProvenanceTextTests
{
    [Fact]
    public void The_provenance_is_the_text_the_serializer_writes_for_the_same_record()
    {
        var catalog = new ModelMethodCatalog([RepositoryPaths.Models]);
        var settings = new RunSettings("/data/ü <&>", [MethodIds.Baseline, "lanczos", "rdn-slim-x4"]);

        string written = Provenance.Describe(settings, catalog, processingOrderSeed: 1234);

        var record = new Dictionary<string, object?>
        {
            ["application"] = $"SemSrDashboard {Provenance.ApplicationVersion}",
            ["opencv"] = Provenance.OpenCvVersion,
            ["onnxruntime"] = Provenance.OnnxRuntimeVersion,
            ["fft"] = FidelityMetrics.FourierTransformLibrary,
            ["dotnet"] = Environment.Version.ToString(),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["machine"] = Environment.MachineName,
            ["methods"] = settings.Methods.ToDictionary(m => m, m => catalog.Describe(m) ?? "OpenCV resize"),
            [ProvenanceKeys.ProcessingOrder] = "random, stratified by category, seed 1234",
        };
        Assert.Equal(JsonSerializer.Serialize(record), written);
        Assert.Contains("sha256", written); // the model's identity is in it
        Assert.Contains("\"lanczos\":\"OpenCV resize\"", written);
    }
}
