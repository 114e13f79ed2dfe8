using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

/// <summary>The low-frequency spectrum columns the detail band sums are built on, against a direct DFT written from
/// the definition (F[ky, kx] = Σ_y Σ_x (p − mean)·e^{−2πi(kx·x/W + ky·y/H)}, float64, separable: rows, then
/// columns), with no FFT and nothing of OpenCV.</summary>
public class DetailSpectrumTests
{
    [Theory]
    [InlineData(1024, 768, 129, 71)] // the benchmark's size at ×4
    [InlineData(301, 211, 51, 72)] // odd sides: an odd last row is transformed alone
    [InlineData(64, 63, 33, 73)] // every column of the half spectrum, with the real one at W/2
    [InlineData(33, 20, 17, 74)]
    [InlineData(7, 5, 4, 75)] // narrower than one vector
    [InlineData(9, 1, 5, 76)] // one row
    [InlineData(1, 6, 1, 77)] // one column
    public void LowColumnsMatchADirectDft(int w, int h, int columns, int seed)
    {
        var image = SsimTests.RandomImage(w, h, seed);
        double[] spectrum = DetailSpectrum.ToArray(image, columns);
        double[] expected = DirectLowColumns(image, columns);

        double largest = expected.Max(Math.Abs), worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(spectrum[i] - expected[i]));
        Assert.True(largest > 0);
        // Both carry rounding of order 1e-16 of the coefficients' scale times a few log2(N) (FFT) or √N (direct).
        Assert.True(worst <= 1e-12 * largest, $"largest difference {worst:G3}, {worst / largest:G3} of the largest value");
    }

    /// <summary>Row kx (kx &lt; <paramref name="columns"/>), element ky, as (re, im): the layout of
    /// <see cref="DetailSpectrum.LowHalfTransposed(GrayImage, int, Span{double})"/>.</summary>
    private static double[] DirectLowColumns(GrayImage image, int columns)
    {
        int w = image.Width, h = image.Height;
        double mean = image.Pixels.Sum(p => (double)p) / image.Pixels.Length;
        // Row transforms of the needed columns: g[kx, y].
        var gRe = new double[columns, h];
        var gIm = new double[columns, h];
        for (int kx = 0; kx < columns; kx++)
        for (int y = 0; y < h; y++)
        {
            double re = 0, im = 0;
            for (int x = 0; x < w; x++)
            {
                var (sin, cos) = Twiddle((long)kx * x, w);
                double v = image.Pixels[y * w + x] - mean;
                re += v * cos;
                im -= v * sin;
            }
            gRe[kx, y] = re;
            gIm[kx, y] = im;
        }
        var result = new double[2 * columns * h];
        for (int kx = 0; kx < columns; kx++)
        for (int ky = 0; ky < h; ky++)
        {
            double re = 0, im = 0;
            for (int y = 0; y < h; y++)
            {
                var (sin, cos) = Twiddle((long)ky * y, h);
                // (g_re + i g_im)(cos − i sin)
                re += gRe[kx, y] * cos + gIm[kx, y] * sin;
                im += gIm[kx, y] * cos - gRe[kx, y] * sin;
            }
            result[2 * (kx * h + ky)] = re;
            result[2 * (kx * h + ky) + 1] = im;
        }
        return result;
    }

    /// <summary>sin and cos of 2π·(product mod n)/n: the angle reduced exactly before it is rounded.</summary>
    private static (double Sin, double Cos) Twiddle(long product, int n) => Math.SinCos(2 * Math.PI * (product % n) / n);
}
