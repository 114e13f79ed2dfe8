using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

public class MetricMapsTests
{
    [Fact]
    public void GaussianMapMatchesComputeAndSingleWindows()
    {
        var c = MetricFixtures.GrayByName("lung_160x120_bicubic");
        var a = MetricFixtures.LoadGray(c.Ref);
        var b = MetricFixtures.LoadGray(c.Test);
        var map = MetricMaps.GaussianSsim(a, b);
        Assert.Equal((150, 110, 5), (map.Width, map.Height, map.Offset));
        Assert.Equal(Ssim.Compute(a, b), map.Mean);
        Assert.InRange(Math.Abs(map.Values.Average(v => (double)v) - map.Mean), 0, 1e-6);
        // A map value is the SSIM of the single 11×11 window centred there.
        foreach (var (x, y) in new[] { (0, 0), (149, 109), (77, 31), (3, 100) })
        {
            double single = Ssim.Compute(Crop(a, x, y, 11), Crop(b, x, y, 11));
            Assert.InRange(Math.Abs(map.Values[y * map.Width + x] - single), 0, 1e-6);
        }
    }

    [Fact]
    public void SkimageMapMatchesComputeAndSingleWindows()
    {
        var c = MetricFixtures.GrayByName("nanowires_101x77_noisy");
        var a = MetricFixtures.LoadGray(c.Ref);
        var b = MetricFixtures.LoadGray(c.Test);
        var map = MetricMaps.SkimageSsim(a, b);
        Assert.Equal((95, 71, 3), (map.Width, map.Height, map.Offset));
        Assert.Equal(SsimSkimage.Compute(a, b), map.Mean);
        foreach (var (x, y) in new[] { (0, 0), (94, 70), (50, 20) })
        {
            double single = SsimSkimage.Compute(Crop(a, x, y, 7), Crop(b, x, y, 7));
            Assert.InRange(Math.Abs(map.Values[y * map.Width + x] - single), 0, 1e-6);
        }
    }

    [Fact]
    public void MapsAreExactAcrossColumnBlockAndStripBoundaries()
    {
        // Kernels work in 64-column blocks and 128-row strips: windows on either side of those seams.
        var a = SsimTests.RandomImage(300, 300, 11);
        var b = SsimTests.Blend(a, SsimTests.RandomImage(300, 300, 12));
        var gaussian = MetricMaps.GaussianSsim(a, b);
        var box = MetricMaps.SkimageSsim(a, b);
        foreach (var (x, y) in new[] { (63, 127), (64, 128), (127, 255), (128, 256), (289, 289) })
        {
            double g = Ssim.Compute(Crop(a, x, y, 11), Crop(b, x, y, 11));
            Assert.InRange(Math.Abs(gaussian.Values[y * gaussian.Width + x] - g), 0, 1e-6);
            double k = SsimSkimage.Compute(Crop(a, x, y, 7), Crop(b, x, y, 7));
            Assert.InRange(Math.Abs(box.Values[y * box.Width + x] - k), 0, 1e-6);
        }
        Assert.InRange(Math.Abs(gaussian.Values.Average(v => (double)v) - gaussian.Mean), 0, 1e-6);
        Assert.InRange(Math.Abs(box.Values.Average(v => (double)v) - box.Mean), 0, 1e-6);
    }

    [Fact]
    public void AbsDifference()
    {
        var d = MetricMaps.AbsDifference(new GrayImage(3, 1, [0, 200, 255]), new GrayImage(3, 1, [10, 100, 0]));
        Assert.Equal(new byte[] { 10, 100, 255 }, d.Pixels);
        Assert.Throws<ArgumentException>(() => MetricMaps.AbsDifference(new GrayImage(3, 1), new GrayImage(1, 3)));
    }

    private static GrayImage Crop(GrayImage src, int x0, int y0, int size)
    {
        var p = new byte[size * size];
        for (int y = 0; y < size; y++) src.Row(y0 + y).Slice(x0, size).CopyTo(p.AsSpan(y * size));
        return new GrayImage(size, size, p);
    }
}
