using System.Numerics;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

/// <summary>The band sums walk only the frequencies outside the band and keep the original's spectrum there alone;
/// they must have the bits of the plain loop over every stored double with a weight per double (0 in the band).</summary>
public class DetailBandTests
{
    [Theory]
    [InlineData(1024, 768, 4, 61)]
    [InlineData(301, 211, 3, 62)]
    [InlineData(33, 20, 1, 63)]
    [InlineData(7, 5, 2, 64)]
    [InlineData(64, 63, 2, 65)]
    public void BandSumsHaveTheBitsOfTheWeightedLoopOverEveryStoredValue(int w, int h, int scale, int seed)
    {
        var x = SsimTests.RandomImage(w, h, seed);
        var y = SsimTests.Blend(x, SsimTests.RandomImage(w, h, seed + 100));
        var band = DetailBand.For(w, h, scale);
        double[] xLow = DetailSpectrum.ToArray(x, band.LowColumns), yLow = DetailSpectrum.ToArray(y, band.LowColumns);
        var weights = DenseWeights(w, h, scale, band.LowColumns);
        var xSums = PixelSums.Of(x.Pixels);
        var (ySums, cross) = PixelSums.Pair(x.Pixels, xSums, y.Pixels);

        var (lowCross, lowEnergy) = WeightedLoop(weights, xLow, yLow, (double)w * h);
        var (_, xLowEnergy) = WeightedLoop(weights, xLow, xLow, (double)w * h);
        double xEnergy = Math.Max(0, xSums.CentredEnergy - xLowEnergy);

        Assert.Equal(xEnergy, band.Energy(xSums, xLow));
        var sums = band.Sums(band.Compact(xLow), xEnergy, cross, ySums, yLow);
        Assert.Equal(cross - lowCross, sums.Cross);
        Assert.Equal(Math.Max(0, ySums.CentredEnergy - lowEnergy), sums.OutputEnergy);
        Assert.True(lowEnergy > 0 && sums.OutputEnergy > 0);
        // Only the frequencies outside the band are kept of the original.
        Assert.Equal(weights.Count(v => v != 0), band.CompactLength);
        Assert.Equal(xLow.Where((_, i) => weights[i] != 0), band.Compact(xLow));
    }

    /// <summary>Per stored double of the low columns (row kx, column ky, re then im): 0 in the band; outside it 1
    /// where the mirrored conjugate is stored as well (kx = 0, and kx = W/2 for even W), else 2.</summary>
    private static double[] DenseWeights(int w, int h, int scale, int columns)
    {
        var weights = new double[2 * columns * h];
        for (int kx = 0; kx < columns; kx++)
        for (int ky = 0; ky < h; ky++)
        {
            if (DetailBand.InBand(DetailBand.Frequency(kx, w), DetailBand.Frequency(ky, h), scale)) continue;
            bool selfMirrored = kx == 0 || (w % 2 == 0 && kx == w / 2);
            weights[2 * (kx * h + ky)] = weights[2 * (kx * h + ky) + 1] = selfMirrored ? 1 : 2;
        }
        return weights;
    }

    /// <summary>((1/N) Σ w·a·b, (1/N) Σ w·b²): whole vectors over every value, lanes summed, then the rest in order.</summary>
    private static (double, double) WeightedLoop(double[] w, double[] a, double[] b, double size)
    {
        int i = 0, n = w.Length;
        double cross = 0, energy = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> vc = default, ve = default;
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                var vb = new Vector<double>(b, i);
                var wb = new Vector<double>(w, i) * vb;
                vc += wb * new Vector<double>(a, i);
                ve += wb * vb;
            }
            cross = Vector.Sum(vc);
            energy = Vector.Sum(ve);
        }
        for (; i < n; i++)
        {
            cross += w[i] * b[i] * a[i];
            energy += w[i] * b[i] * b[i];
        }
        return (cross / size, energy / size);
    }
}
