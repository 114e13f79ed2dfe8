using System.Reflection;
using System.Text.Json;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Metrics;
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

    /// <summary>A JSON object: application, OpenCV, ONNX Runtime, Fourier transform and .NET versions, machine, and per method the
    /// catalog's description (a model's sha256 and source), and the seed of the images' processing order.</summary>
    /// <remarks>Written by <see cref="Utf8JsonWriter"/> with the serializer's default escaping (the same text as
    /// serializing the record): reflection-based serialization's first use costs a one-image <c>evaluate</c> about
    /// a tenth of its start-up.</remarks>
    public static string Describe(RunSettings settings, MethodCatalog methods, int? processingOrderSeed = null)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("application", $"SemSrDashboard {ApplicationVersion}");
            json.WriteString("opencv", OpenCvVersion);
            json.WriteString("onnxruntime", OnnxRuntimeVersion);
            json.WriteString("fft", FidelityMetrics.FourierTransformLibrary);
            json.WriteString("dotnet", Environment.Version.ToString());
            json.WriteString("os", System.Runtime.InteropServices.RuntimeInformation.OSDescription);
            json.WriteString("machine", Environment.MachineName);
            json.WriteStartObject("methods");
            foreach (string method in settings.Methods)
                json.WriteString(method, methods.Describe(method) ?? "OpenCV resize");
            json.WriteEndObject();
            if (processingOrderSeed is int seed)
                json.WriteString(ProvenanceKeys.ProcessingOrder, $"random, stratified by category, seed {seed}");
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
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
