using System.Reflection;
using System.Text.Json;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Runs;

/// <summary>What a methods section needs to cite a run: software versions and each model's identity.</summary>
public static class Provenance
{
    public static string ApplicationVersion
    {
        get
        {
            string? version = typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            return version is null ? "unknown" : version.Split('+')[0];
        }
    }

    public static string OpenCvVersion => OpenCvSharp.Cv2.GetVersionString() ?? "unknown";

    public static string OnnxRuntimeVersion =>
        typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>A JSON object: application, OpenCV, ONNX Runtime and .NET versions, machine, and per method the
    /// catalog's description (a model's sha256 and source), and the seed of the images' processing order.</summary>
    public static string Describe(RunSettings settings, MethodCatalog methods, int? processingOrderSeed = null)
    {
        var record = new Dictionary<string, object?>
        {
            ["application"] = $"SemSrDashboard {ApplicationVersion}",
            ["opencv"] = OpenCvVersion,
            ["onnxruntime"] = OnnxRuntimeVersion,
            ["dotnet"] = Environment.Version.ToString(),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["machine"] = Environment.MachineName,
            ["methods"] = settings.Methods.ToDictionary(m => m, m => methods.Describe(m) ?? "OpenCV resize"),
        };
        if (processingOrderSeed is int seed)
            record[ProvenanceKeys.ProcessingOrder] = $"random, stratified by category, seed {seed}";
        return JsonSerializer.Serialize(record);
    }

    /// <summary><paramref name="provenance"/> with <paramref name="report"/> as its last execution (replacing an
    /// earlier one); a provenance that is missing or not a JSON object gets an object holding only the report.</summary>
    public static string WithLastExecution(string? provenance, RunExecutionReport report)
    {
        var record = ProvenanceJson.Read(provenance);
        record[ProvenanceKeys.LastExecution] = report.ToJson();
        return record.ToJsonString();
    }
}
