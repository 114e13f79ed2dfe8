using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

/// <summary>The detail band's row transform, by FFTW and by OpenCV's <c>dft</c>, against a direct DFT written from the
/// definition X[k] = Σ x[n]·e^(−2πi·kn/N) (float64 sums, each twiddle from its exact index).</summary>
public sealed class ComplexRowTransformTests
{
    [Fact]
    public void FFTW_is_found_on_a_machine_set_up_by_the_setup_script()
    {
        // scripts/setup.sh installs libfftw3-double3; without it the metrics fall back to OpenCV's dft.
        Assert.True(ComplexRowTransform.UsesFftw, "libfftw3.so.3 was not found: run scripts/setup.sh");
        Assert.StartsWith("fftw-3", FidelityMetrics.FourierTransformLibrary);
    }

    [Theory]
    [InlineData(1024, 3)] // the rows of a 1024-wide image, as pairs
    [InlineData(768, 2)] // the columns of a 768-high image
    [InlineData(301, 2)] // odd, prime
    [InlineData(12, 5)]
    [InlineData(7, 1)]
    [InlineData(1, 4)] // one point: the transform is the value
    public void Both_libraries_give_the_DFT_of_each_row(int length, int rows)
    {
        var random = new Random(length * 31 + rows);
        var input = new double[2 * length * rows];
        for (int i = 0; i < input.Length; i++)
            input[i] = random.NextDouble() * 510 - 255;
        var expected = Direct(input, length, rows);
        double largest = expected.Max(Math.Abs);

        foreach (bool fftw in new[] { true, false })
        {
            if (fftw && !ComplexRowTransform.UsesFftw)
                continue; // reported by the test above
            var data = (double[])input.Clone();
            ComplexRowTransform.Rows(data, length, rows, fftw);
            double worst = data.Zip(expected).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(worst <= 1e-12 * largest, $"{(fftw ? "FFTW" : "OpenCV")}: off by {worst:g3} of {largest:g3}");
        }
    }

    [Fact]
    public async Task The_same_rows_give_the_same_bits_every_time()
    {
        var random = new Random(5);
        var input = Enumerable.Range(0, 2 * 1024 * 16).Select(_ => random.NextDouble()).ToArray();
        var first = (double[])input.Clone();
        var again = (double[])input.Clone();
        ComplexRowTransform.Rows(first, 1024, 16, ComplexRowTransform.UsesFftw);
        await Task.Run(() => ComplexRowTransform.Rows(again, 1024, 16, ComplexRowTransform.UsesFftw)); // another thread, the same plan
        Assert.Equal(first, again);
        Assert.NotEqual(input, first);
    }

    private static double[] Direct(double[] input, int length, int rows)
    {
        var output = new double[input.Length];
        for (int row = 0; row < rows; row++)
        {
            int offset = 2 * length * row;
            for (int k = 0; k < length; k++)
            {
                double re = 0, im = 0;
                for (int n = 0; n < length; n++)
                {
                    // The twiddle's angle from the exact index k·n mod N, so that it carries no accumulated error.
                    var (sin, cos) = Math.SinCos(2 * Math.PI * ((long)k * n % length) / length);
                    double xr = input[offset + 2 * n], xi = input[offset + 2 * n + 1];
                    re += xr * cos + xi * sin;
                    im += xi * cos - xr * sin;
                }
                output[offset + 2 * k] = re;
                output[offset + 2 * k + 1] = im;
            }
        }
        return output;
    }
}
