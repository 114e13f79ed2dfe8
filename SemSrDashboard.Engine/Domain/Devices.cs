namespace SemSrDashboard.Engine.Domain;

/// <summary>The <c>--device</c> words of a run (stored as given) and the ONNX Runtime provider names reported for
/// the device a model actually ran on.</summary>
public static class Devices
{
    /// <summary>CUDA when it starts, else the CPU.</summary>
    public const string Auto = "auto";
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    /// <summary>Provider names as reported in logs, provenance and benchmark output.</summary>
    public const string CpuProvider = "CPU";
    public const string CudaProvider = "CUDA";

    public static bool IsKnown(string device) => device is Auto or Cpu or Cuda;
}
