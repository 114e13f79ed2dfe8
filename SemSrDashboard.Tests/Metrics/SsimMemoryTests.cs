using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

/// <summary>Allocation is measured process-wide, so this runs alone.</summary>
[Collection(NonParallelCollection.Name)]
public class SsimMemoryTests
{
    [Fact]
    public void MemoryStaysBoundedForLargeImages()
    {
        // One full-size float64 plane of a 2048×2048 image is 32 MiB; the strip kernels need O(width) per worker.
        var a = SsimTests.RandomImage(2048, 2048, 8);
        var b = SsimTests.Blend(a, SsimTests.RandomImage(2048, 2048, 9));
        Ssim.Compute(a, b);
        SsimSkimage.Compute(a, b);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        double g = Ssim.Compute(a, b);
        double k = SsimSkimage.Compute(a, b);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.InRange(allocated, 0, 16L << 20);
        Assert.InRange(g, 0.5, 1.0);
        Assert.InRange(k, 0.5, 1.0);
    }
}
