using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

/// <summary>The 2×2 block mean of the MS-SSIM pyramid and GMSD's half-size image, against the definition written
/// out per pixel: (a + b + c + d)/4 over the top-left even-sized region, an odd last row or column dropped.</summary>
public class GrayPlaneTests
{
    [Theory]
    [InlineData(1024, 768, 81)]
    [InlineData(37, 23, 82)] // odd sides, and rows that end between whole vectors
    [InlineData(17, 2, 83)]
    [InlineData(3, 5, 84)] // narrower than one vector
    public void EveryLevelIsTheMeanOfItsFourPixels(int w, int h, int seed)
    {
        var image = SsimTests.RandomImage(w, h, seed);
        var level = GrayPlane.HalveByBlockMean(image);
        double[] expected = Halve(image.Pixels.Select(p => (double)p).ToArray(), w, h);
        Assert.Equal((w / 2, h / 2), (level.Width, level.Height));
        Assert.Equal(expected, level.Values);

        // The next level, from float64 values (multiples of ¼): exact sums, so equal to the bit.
        if (level.Width < 2 || level.Height < 2) return;
        var next = level.HalveByBlockMean();
        Assert.Equal(Halve(expected, level.Width, level.Height), next.Values);
    }

    private static double[] Halve(double[] values, int w, int h)
    {
        var half = new double[(w / 2) * (h / 2)];
        for (int y = 0; y < h / 2; y++)
        for (int x = 0; x < w / 2; x++)
            half[y * (w / 2) + x] = (values[2 * y * w + 2 * x] + values[2 * y * w + 2 * x + 1]
                + values[(2 * y + 1) * w + 2 * x] + values[(2 * y + 1) * w + 2 * x + 1]) / 4;
        return half;
    }
}
