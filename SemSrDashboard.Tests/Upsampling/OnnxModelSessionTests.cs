using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Tests.Upsampling;

/// <summary>Running a bundled network with and without handing its memory arena back.</summary>
public class OnnxModelSessionTests
{
    [Fact]
    public void Releasing_the_memory_arena_after_a_run_changes_no_output_of_that_run_or_the_next()
    {
        using var session = ExecutionProviders.Open(OnnxTestModels.BundledOnnx("rdn-slim-x4"), Devices.Cpu);
        var random = new Random(7);
        var data = Enumerable.Range(0, 3 * 24 * 20).Select(_ => (float)random.NextDouble()).ToArray();
        var input = new PlanarTensor(data, 3, 24, 20);

        float[] kept = session.Run(input).Data;
        float[] released = session.Run(input, releaseMemory: true).Data;
        float[] after = session.Run(input).Data;

        Assert.Equal(3 * 96 * 80, kept.Length);
        Assert.Contains(kept, v => v != 0);
        Assert.Equal(kept, released);
        Assert.Equal(kept, after);
    }
}
