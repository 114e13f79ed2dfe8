using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

public class ImageMetricsTests
{
    [Theory]
    [InlineData(1024, 768)] // six Gaussian and six box strips
    [InlineData(300, 211)] // odd sizes, partial strips and column blocks
    [InlineData(139, 400)]
    [InlineData(40, 30)] // one strip each
    [InlineData(11, 11)]
    public void One_pass_gives_exactly_the_three_separate_metrics(int w, int h)
    {
        var a = SsimTests.RandomImage(w, h, 21);
        var b = SsimTests.Blend(a, SsimTests.RandomImage(w, h, 22));

        var metrics = ImageMetrics.Compute(a, b);

        Assert.Equal(Psnr.Compute(a, b), metrics.Psnr);
        Assert.Equal(Ssim.Compute(a, b), metrics.Ssim);
        Assert.Equal(SsimSkimage.Compute(a, b), metrics.SsimSkimage);
        // MS-SSIM's first-scale cs from the same pass, bit for bit what its own scale-1 pass gives.
        Assert.Equal(Ssim.Means(new ByteRowSource(a.Pixels, b.Pixels, w), w, h).ContrastStructure,
            metrics.SsimContrastStructure);
        // On the calling thread alone: the same strips summed in the same order, the same bits.
        Assert.Equal(metrics, ImageMetrics.Compute(a, b, parallel: false));
    }

    [Fact]
    public void Matches_the_scikit_image_fixtures()
    {
        int checkedCases = 0;
        foreach (var c in MetricFixtures.Gray.Where(c => c.Ssim is not null))
        {
            var a = MetricFixtures.LoadGray(c.Ref);
            var b = MetricFixtures.LoadGray(c.Test);
            checkedCases++;
            var metrics = ImageMetrics.Compute(a, b);
            Assert.InRange(Math.Abs(metrics.Ssim - c.Ssim!.Value), 0, 1e-7);
            Assert.InRange(Math.Abs(metrics.SsimSkimage - c.SsimSkimage), 0, 1e-7);
            if (double.IsInfinity(c.Psnr))
                Assert.Equal(c.Psnr, metrics.Psnr);
            else
                Assert.InRange(Math.Abs(metrics.Psnr - c.Psnr), 0, 1e-7);
        }
        Assert.True(checkedCases >= 5, $"only {checkedCases} fixture cases have a Gaussian SSIM");
    }

    [Fact]
    public void Identical_images_and_bad_sizes()
    {
        var a = SsimTests.RandomImage(64, 48, 3);
        var same = ImageMetrics.Compute(a, a);
        Assert.Equal(double.PositiveInfinity, same.Psnr);
        Assert.Equal(1.0, same.Ssim, 12);
        Assert.Equal(1.0, same.SsimSkimage, 12);
        Assert.Throws<ArgumentException>(() => ImageMetrics.Compute(new GrayImage(10, 20), new GrayImage(10, 20)));
        Assert.Throws<ArgumentException>(() => ImageMetrics.Compute(new GrayImage(20, 20), new GrayImage(20, 21)));
    }
}
