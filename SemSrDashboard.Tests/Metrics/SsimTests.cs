using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

public class SsimTests
{
    public static TheoryData<string> GaussianCases => MetricFixtures.GrayNames(c => c.Ssim is not null);
    public static TheoryData<string> SkimageCases => MetricFixtures.GrayNames(_ => true);

    [Theory]
    [MemberData(nameof(GaussianCases))]
    public void GaussianMatchesScikitImage(string name)
    {
        var c = MetricFixtures.GrayByName(name);
        double actual = Ssim.Compute(MetricFixtures.LoadGray(c.Ref), MetricFixtures.LoadGray(c.Test));
        Assert.InRange(Math.Abs(actual - c.Ssim!.Value), 0, 1e-7);
    }

    [Theory]
    [MemberData(nameof(SkimageCases))]
    public void SkimageDefaultMatchesScikitImage(string name)
    {
        var c = MetricFixtures.GrayByName(name);
        double actual = SsimSkimage.Compute(MetricFixtures.LoadGray(c.Ref), MetricFixtures.LoadGray(c.Test));
        Assert.InRange(Math.Abs(actual - c.SsimSkimage), 0, 1e-7);
    }

    [Fact]
    public void FixturesCoverSmallestSizes()
    {
        Assert.Contains(MetricFixtures.Gray, c => c is { Width: 11, Height: 11, Ssim: not null });
        Assert.Contains(MetricFixtures.Gray, c => c is { Width: 7, Height: 7 });
        Assert.Contains(MetricFixtures.Gray, c => c.Width != c.Height && c.Width % 2 == 1 && c.Height % 2 == 1);
    }

    [Fact]
    public void IdenticalImagesGiveOne()
    {
        var a = RandomImage(40, 30, 3);
        Assert.Equal(1.0, Ssim.Compute(a, a), 12);
        Assert.Equal(1.0, SsimSkimage.Compute(a, a), 12);
    }

    [Theory]
    [InlineData(300, 211)] // several strips, odd sizes, vector tails
    [InlineData(139, 400)] // a last column block of one output column, four strips
    [InlineData(74, 300)] // exactly one full column block
    [InlineData(11, 11)]
    [InlineData(12, 40)]
    public void GaussianMatchesDirectDefinition(int w, int h)
    {
        var a = RandomImage(w, h, 1);
        var b = Blend(a, RandomImage(w, h, 2));
        Assert.InRange(Math.Abs(Ssim.Compute(a, b) - NaiveSsim(a, b, Gaussian(), sampleCov: false)), 0, 1e-12);
        Assert.InRange(Math.Abs(Ssim.Compute(a, b) - Ssim.Compute(b, a)), 0, 1e-12);
    }

    [Theory]
    [InlineData(300, 211)]
    [InlineData(75, 400)] // a last column block shorter than a vector, four strips
    [InlineData(70, 300)] // exactly one full column block
    [InlineData(7, 7)]
    [InlineData(9, 33)]
    public void SkimageDefaultMatchesDirectDefinition(int w, int h)
    {
        var a = RandomImage(w, h, 4);
        var b = Blend(a, RandomImage(w, h, 5));
        var box = Enumerable.Repeat(1.0 / 7, 7).ToArray();
        Assert.InRange(Math.Abs(SsimSkimage.Compute(a, b) - NaiveSsim(a, b, box, sampleCov: true)), 0, 1e-12);
    }

    [Fact]
    public void TooSmallOrMismatchedThrows()
    {
        Assert.Throws<ArgumentException>(() => Ssim.Compute(new GrayImage(10, 20), new GrayImage(10, 20)));
        Assert.Throws<ArgumentException>(() => Ssim.Compute(new GrayImage(20, 20), new GrayImage(20, 21)));
        Assert.Throws<ArgumentException>(() => SsimSkimage.Compute(new GrayImage(7, 6), new GrayImage(7, 6)));
        Assert.Throws<ArgumentException>(() => SsimSkimage.Compute(new GrayImage(8, 8), new GrayImage(9, 8)));
    }

    internal static GrayImage RandomImage(int w, int h, int seed)
    {
        var p = new byte[w * h];
        new Random(seed).NextBytes(p);
        return new GrayImage(w, h, p);
    }

    /// <summary>b·¼ + a·¾, so the pair is similar but not identical.</summary>
    internal static GrayImage Blend(GrayImage a, GrayImage b) =>
        new(a.Width, a.Height, a.Pixels.Zip(b.Pixels, (x, y) => (byte)((3 * x + y) / 4)).ToArray());

    private static double[] Gaussian()
    {
        var k = Enumerable.Range(-5, 11).Select(x => Math.Exp(-x * x / (2 * 1.5 * 1.5))).ToArray();
        double s = k.Sum();
        return k.Select(v => v / s).ToArray();
    }

    /// <summary>Straightforward 2-D evaluation of the definition over every valid window position.</summary>
    private static double NaiveSsim(GrayImage a, GrayImage b, double[] k1d, bool sampleCov)
    {
        int n = k1d.Length, r = n / 2;
        double c1 = Math.Pow(0.01 * 255, 2), c2 = Math.Pow(0.03 * 255, 2);
        double norm = sampleCov ? n * n / (n * n - 1.0) : 1.0;
        double total = 0;
        int count = 0;
        for (int y = r; y < a.Height - r; y++)
        for (int x = r; x < a.Width - r; x++)
        {
            double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
            for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
            {
                double wgt = k1d[i] * k1d[j];
                double va = a[x - r + i, y - r + j], vb = b[x - r + i, y - r + j];
                mx += wgt * va; my += wgt * vb; mxx += wgt * va * va; myy += wgt * vb * vb; mxy += wgt * va * vb;
            }
            double vx = norm * (mxx - mx * mx), vy = norm * (myy - my * my), vxy = norm * (mxy - mx * my);
            total += (2 * mx * my + c1) * (2 * vxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
            count++;
        }
        return total / count;
    }
}
