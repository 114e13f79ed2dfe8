using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

public class PsnrTests
{
    public static TheoryData<string> Cases => MetricFixtures.GrayNames(_ => true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScikitImage(string name)
    {
        var c = MetricFixtures.GrayByName(name);
        double actual = Psnr.Compute(MetricFixtures.LoadGray(c.Ref), MetricFixtures.LoadGray(c.Test));
        if (double.IsPositiveInfinity(c.Psnr))
            Assert.Equal(double.PositiveInfinity, actual);
        else
            Assert.InRange(Math.Abs(actual - c.Psnr), 0, 1e-7);
    }

    [Fact]
    public void IdenticalImagesGivePositiveInfinity()
    {
        var a = new GrayImage(5, 3, Enumerable.Range(0, 15).Select(i => (byte)(i * 17)).ToArray());
        var b = new GrayImage(5, 3, (byte[])a.Pixels.Clone());
        Assert.Equal(double.PositiveInfinity, Psnr.Compute(a, b));
        Assert.Equal(0.0, Psnr.MeanSquaredError(a, b));
    }

    [Fact]
    public void HandComputedValue()
    {
        // Differences 0, 10, -20, 255 → MSE = (0 + 100 + 400 + 65025) / 4.
        var a = new GrayImage(2, 2, [0, 10, 40, 255]);
        var b = new GrayImage(2, 2, [0, 0, 60, 0]);
        double mse = 65525.0 / 4;
        Assert.Equal(mse, Psnr.MeanSquaredError(a, b));
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / mse), Psnr.Compute(a, b), 12);
    }

    [Fact]
    public void LargeImageMatchesScalarSum()
    {
        // Exercises the vector path and its periodic flush (more than 8192 vector steps).
        var rng = new Random(7);
        int w = 1031, h = 517;
        var pa = new byte[w * h];
        var pb = new byte[w * h];
        rng.NextBytes(pa);
        rng.NextBytes(pb);
        long sse = 0;
        for (int i = 0; i < pa.Length; i++) sse += (pa[i] - pb[i]) * (pa[i] - pb[i]);
        double expected = 10 * Math.Log10(255.0 * 255.0 / ((double)sse / pa.Length));
        Assert.Equal(expected, Psnr.Compute(new GrayImage(w, h, pa), new GrayImage(w, h, pb)));
    }

    [Fact]
    public void SizeMismatchThrows()
    {
        Assert.Throws<ArgumentException>(() => Psnr.Compute(new GrayImage(4, 3), new GrayImage(3, 4)));
    }
}
