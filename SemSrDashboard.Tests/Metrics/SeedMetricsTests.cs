using SemSrDashboard.Engine.Evaluation.Seed;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

public class SeedMetricsTests
{
    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var c in MetricFixtures.Seed) data.Add(c.Name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PsnrMatchesScikitImage(string name)
    {
        var c = MetricFixtures.SeedByName(name);
        var reference = MetricFixtures.LoadRgb(c.Ref, c.Width, c.Height);
        var output = MetricFixtures.LoadF32(c.Out, c.Width, c.Height);
        Assert.InRange(Math.Abs(SeedMetrics.Psnr(reference, output, c.Width, c.Height) - c.Psnr), 0, 1e-6);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SsimMatchesScikitImage(string name)
    {
        var c = MetricFixtures.SeedByName(name);
        var reference = MetricFixtures.LoadRgb(c.Ref, c.Width, c.Height);
        var output = MetricFixtures.LoadF32(c.Out, c.Width, c.Height);
        Assert.InRange(Math.Abs(SeedMetrics.Ssim(reference, output, c.Width, c.Height) - c.Ssim), 0, 1e-6);
    }

    [Fact]
    public void FixturesIncludeOutOfRangeOutputs()
    {
        var under = MetricFixtures.SeedByName("nffa_rgb_64x48_under");
        var over = MetricFixtures.SeedByName("nffa_rgb_64x48_over");
        Assert.True(MetricFixtures.LoadF32(under.Out, under.Width, under.Height).Min() < 0);
        Assert.True(MetricFixtures.LoadF32(over.Out, over.Width, over.Height).Max() > 255);
    }

    [Fact]
    public void SsimUsesAllChannelsButOnlyTheMiddlePlaneWindows()
    {
        // 3×3 image: exactly one window (centre pixel, G plane) covering all 27 samples.
        var reference = Enumerable.Range(0, 27).Select(i => (byte)(i * 9)).ToArray();
        var output = reference.Select(v => (float)v).ToArray();
        Assert.Equal(1.0, SeedMetrics.Ssim(reference, output, 3, 3), 12);
        // Changing a red sample of a corner pixel changes the result.
        output[0] += 40;
        Assert.True(SeedMetrics.Ssim(reference, output, 3, 3) < 0.999);
        Assert.Equal(double.PositiveInfinity, SeedMetrics.Psnr(reference, reference.Select(v => (float)v).ToArray(), 3, 3));
    }

    [Fact]
    public void InvalidArgumentsThrow()
    {
        Assert.Throws<ArgumentException>(() => SeedMetrics.Psnr(new byte[12], new float[11], 2, 2));
        Assert.Throws<ArgumentException>(() => SeedMetrics.Ssim(new byte[18], new float[18], 3, 2));
        Assert.Throws<ArgumentException>(() => SeedMetrics.Psnr(new byte[0], new float[0], 0, 0));
    }
}
