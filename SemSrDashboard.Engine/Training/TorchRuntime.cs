using System.Reflection;
using SemSrDashboard.Engine.Domain;
using TorchSharp;
using static TorchSharp.torch;

namespace SemSrDashboard.Engine.Training;

/// <summary>The LibTorch runtime the training uses: the device (CUDA when TorchSharp reports one, else the CPU), one
/// intra-op thread per core, and the library versions a fine-tuned card records.</summary>
/// <remarks>The package shipped is LibTorch's CPU build; a CUDA build of TorchSharp (docs/training.md) is picked up
/// here without code changes.</remarks>
public static class TorchRuntime
{
    private static readonly Lazy<Device> DeviceOnce = new(() =>
    {
        set_num_threads(Environment.ProcessorCount);
        return cuda.is_available() ? CUDA : CPU;
    });

    /// <summary>The device training runs on (sets LibTorch's thread count on first use).</summary>
    public static Device Device => DeviceOnce.Value;

    /// <summary><c>cpu</c> or <c>cuda</c>.</summary>
    public static string DeviceName => Device.type == DeviceType.CUDA ? Devices.Cuda : Devices.Cpu;

    /// <summary>Versions of TorchSharp, LibTorch, .NET and this application.</summary>
    public static IReadOnlyDictionary<string, string> Versions() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["TorchSharp"] = InformationalVersion(typeof(torch).Assembly),
        ["LibTorch"] = __version__,
        [".NET"] = Environment.Version.ToString(),
        ["SemSrDashboard"] = InformationalVersion(typeof(TorchRuntime).Assembly),
    };

    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
