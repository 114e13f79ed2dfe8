using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Models;

/// <summary>Chooses the ONNX Runtime execution provider for a run's <c>--device</c> (<c>auto</c>, <c>cpu</c>,
/// <c>cuda</c>) and opens sessions on it.</summary>
/// <remarks><c>auto</c> tries CUDA and falls back to the CPU when the CUDA provider cannot be loaded or started
/// (missing CUDA/cuDNN libraries, no GPU, a runtime built without it). <c>cuda</c> never falls back: it fails with
/// <see cref="InvalidRunSettingsException"/> and the reason. <see cref="OrtEnv.GetAvailableProviders"/> is not
/// consulted because the GPU build lists CUDA even where it cannot run.</remarks>
public static class ExecutionProviders
{
    private static readonly Lazy<string?> CudaProblemOnce = new(ProbeCuda, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Why CUDA cannot be used on this machine, or null when a CUDA session starts. Probed once per
    /// process with a one-node model.</summary>
    public static string? CudaProblem() => CudaProblemOnce.Value;

    /// <summary>Session options for the CPU provider: all graph optimisations, one intra-op thread per core.</summary>
    public static SessionOptions CpuOptions()
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Environment.ProcessorCount,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        // Idle intra-op threads sleep instead of spinning: the pipeline's other workers (decoding, metrics) need the
        // same cores while the model runs.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>Session options with the CUDA provider first (the CPU provider takes the nodes CUDA lacks).</summary>
    /// <exception cref="Exception">One of <see cref="IsProviderFailure"/>'s exceptions when CUDA cannot be loaded.</exception>
    public static SessionOptions CudaOptions()
    {
        var options = CpuOptions();
        try
        {
            // A missing CUDA library is reported through the exception; keep ONNX Runtime from also printing it.
            options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            options.AppendExecutionProvider_CUDA(0);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>True for the exceptions a missing or broken CUDA provider raises.</summary>
    public static bool IsProviderFailure(Exception e) =>
        e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException or BadImageFormatException;

    /// <summary>Opens <paramref name="modelPath"/> on the provider <paramref name="device"/> asks for.</summary>
    /// <exception cref="InvalidRunSettingsException"><paramref name="device"/> is <c>cuda</c> and CUDA is unusable,
    /// or <paramref name="device"/> is not a known device.</exception>
    /// <exception cref="OnnxRuntimeException">The model cannot be loaded on the CPU either.</exception>
    public static OnnxModelSession Open(string modelPath, string device, ILogger? logger = null)
    {
        switch (device)
        {
            case Devices.Cpu:
                return OpenOn(modelPath, Devices.CpuProvider, CpuOptions, logger);
            case Devices.Cuda:
                try
                {
                    return OpenOn(modelPath, Devices.CudaProvider, CudaOptions, logger);
                }
                catch (Exception e) when (IsProviderFailure(e))
                {
                    throw new InvalidRunSettingsException($"--device cuda: CUDA is not usable here: {FirstLine(e.Message)}");
                }
            case Devices.Auto:
                if (CudaProblem() is { } problem)
                {
                    logger?.LogInformation("CUDA unavailable ({Reason}); using the CPU", problem);
                    return OpenOn(modelPath, Devices.CpuProvider, CpuOptions, logger);
                }
                try
                {
                    return OpenOn(modelPath, Devices.CudaProvider, CudaOptions, logger);
                }
                catch (Exception e) when (IsProviderFailure(e))
                {
                    logger?.LogInformation("CUDA unavailable for {Model} ({Reason}); using the CPU", Path.GetFileName(modelPath),
                        FirstLine(e.Message));
                    return OpenOn(modelPath, Devices.CpuProvider, CpuOptions, logger);
                }
            default:
                throw new InvalidRunSettingsException($"device must be auto, cpu or cuda, not '{device}'");
        }
    }

    private static OnnxModelSession OpenOn(string modelPath, string provider, Func<SessionOptions> makeOptions, ILogger? logger)
    {
        using var options = makeOptions();
        var session = new InferenceSession(modelPath, options);
        logger?.LogInformation("Model {Model} runs on {Provider}", Path.GetFileName(modelPath), provider);
        return new OnnxModelSession(session, provider, modelPath);
    }

    /// <summary>CUDA libraries ONNX Runtime's CUDA provider links against (CUDA 13, cuDNN 9).</summary>
    internal static readonly string[] CudaLibraries = ["libcudart.so.13", "libcublasLt.so.13", "libcudnn.so.9"];

    private static string? ProbeCuda()
    {
        // Look for the libraries first: ONNX Runtime prints a red error line of its own for a missing one, which
        // would greet every user of a machine without a GPU.
        foreach (string library in CudaLibraries)
        {
            if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(library, out var handle))
                return $"{library} not found (the CUDA provider needs CUDA 13 and cuDNN 9)";
            System.Runtime.InteropServices.NativeLibrary.Free(handle);
        }
        try
        {
            using var options = CudaOptions();
            using var session = new InferenceSession(IdentityModel(), options);
            return null;
        }
        catch (Exception e) when (IsProviderFailure(e))
        {
            return FirstLine(e.Message);
        }
    }

    /// <summary>A valid ONNX model with one Identity node, for probing a provider without a real model.</summary>
    internal static byte[] IdentityModel()
    {
        static ValueInfoProto Value(string name)
        {
            var shape = new TensorShapeProto();
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
            return new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
            };
        }

        var graph = new GraphProto { Name = "probe" };
        graph.Input.Add(Value("x"));
        graph.Output.Add(Value("y"));
        var node = new NodeProto { OpType = "Identity", Name = "identity" };
        node.Input.Add("x");
        node.Output.Add("y");
        graph.Node.Add(node);
        var model = new ModelProto { IrVersion = 7, ProducerName = "SemSrDashboard", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    internal static string FirstLine(string message)
    {
        string line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
