using Microsoft.ML.OnnxRuntime;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Tests.Upsampling;

/// <summary>Provider choice. On a machine without a usable CUDA (such as the build machine) <c>auto</c> must fall back
/// to the CPU and <c>cuda</c> must fail with the reason; where CUDA works both run on it.</summary>
public class ExecutionProvidersTests
{
    private static readonly string Slim = OnnxTestModels.BundledOnnx("rdn-slim-x4");

    [Fact]
    public void Cpu_device_opens_on_the_cpu()
    {
        using var session = ExecutionProviders.Open(Slim, Devices.Cpu);
        Assert.Equal(Devices.CpuProvider, session.Provider);
    }

    [Fact]
    public void Auto_uses_cuda_where_it_works_and_falls_back_to_the_cpu_otherwise()
    {
        using var session = ExecutionProviders.Open(Slim, Devices.Auto);
        Assert.Equal(ExecutionProviders.CudaProblem() is null ? Devices.CudaProvider : Devices.CpuProvider, session.Provider);
        var output = session.Run(new PlanarTensor(new float[3 * 8 * 8], 3, 8, 8));
        Assert.Equal((3, 32, 32), (output.Channels, output.Height, output.Width));
    }

    [Fact]
    public void Cuda_device_without_a_usable_cuda_is_refused_with_the_reason()
    {
        if (ExecutionProviders.CudaProblem() is not { } reason)
        {
            using var session = ExecutionProviders.Open(Slim, Devices.Cuda);
            Assert.Equal(Devices.CudaProvider, session.Provider);
            return;
        }
        Assert.False(string.IsNullOrWhiteSpace(reason));
        var e = Assert.Throws<InvalidRunSettingsException>(() => ExecutionProviders.Open(Slim, Devices.Cuda));
        Assert.StartsWith("--device cuda: CUDA is not usable here: ", e.Message);
        Assert.True(e.Message.Length > "--device cuda: CUDA is not usable here: ".Length);
    }

    [Fact]
    public void An_unknown_device_is_refused()
    {
        var e = Assert.Throws<InvalidRunSettingsException>(() => ExecutionProviders.Open(Slim, "tpu"));
        Assert.Contains("tpu", e.Message);
    }

    [Fact]
    public void Cpu_sessions_use_every_core_and_all_graph_optimisations()
    {
        using var options = ExecutionProviders.CpuOptions();
        Assert.Equal(Environment.ProcessorCount, options.IntraOpNumThreads);
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_ALL, options.GraphOptimizationLevel);
    }

    [Fact]
    public void Provider_failures_are_recognised()
    {
        Assert.True(ExecutionProviders.IsProviderFailure(new EntryPointNotFoundException()));
        Assert.True(ExecutionProviders.IsProviderFailure(new DllNotFoundException()));
        Assert.False(ExecutionProviders.IsProviderFailure(new InvalidOperationException()));
    }
}
