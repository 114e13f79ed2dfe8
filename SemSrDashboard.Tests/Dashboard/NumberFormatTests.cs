using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

public sealed class NumberFormatTests
{
    [Theory]
    [InlineData(3.2e-5, "3.2e-5")]
    [InlineData(1.234e-12, "1.2e-12")]
    [InlineData(0.0, "< 1e-300")]
    [InlineData(0.0412, "0.041")]
    [InlineData(0.5, "0.500")]
    [InlineData(0.00321, "0.0032")]
    [InlineData(1.0, "1.000")]
    [InlineData(double.NaN, "–")]
    public void P_values_use_scientific_notation_below_one_in_a_thousand(double p, string expected) =>
        Assert.Equal(expected, NumberFormat.P(p));

    [Fact]
    public void Psnr_has_two_decimals_and_ssim_four()
    {
        Assert.Equal("31.52", NumberFormat.Psnr(31.5178));
        Assert.Equal("0.8066", NumberFormat.Ssim(0.80655));
        Assert.Equal("+∞", NumberFormat.Psnr(double.PositiveInfinity));
        Assert.Equal("–", NumberFormat.Psnr(null));
        Assert.Equal("–", NumberFormat.Ssim(double.NaN));
    }

    [Fact]
    public void Differences_carry_a_sign_and_never_show_minus_zero()
    {
        Assert.Equal("+0.35", NumberFormat.Signed(0.3512, "psnr"));
        Assert.Equal("-0.0012", NumberFormat.Signed(-0.00123, "ssim"));
        Assert.Equal("0.00", NumberFormat.Signed(-0.0001, "psnr"));
        Assert.Equal("0.00", NumberFormat.Signed(0.0001, "psnr"));
        Assert.Equal("[-1.68, +0.16]", NumberFormat.Interval(-1.6789, 0.1612, "psnr"));
        Assert.Equal("–", NumberFormat.Interval(double.NaN, 1, "psnr"));
    }

    [Fact]
    public void Metric_names_and_units()
    {
        Assert.Equal("dB", NumberFormat.Unit("psnr"));
        Assert.Equal("", NumberFormat.Unit("ssim"));
        Assert.Equal("SSIM (skimage)", NumberFormat.MetricName("ssim_skimage"));
    }

    [Theory]
    [InlineData(20, 4, "< 1 min for 4 images")]
    [InlineData(150, 120, "≈ 3 min for 120 images")]
    [InlineData(2 * 3600, 5000, "≈ 2.0 h for 5000 images")]
    [InlineData(30, 1, "< 1 min for 1 image")]
    public void Estimates_read_as_minutes_for_images(double seconds, int images, string expected)
    {
        // One second per one-megapixel sample image, over as many megapixels as the run should take seconds.
        var projection = new RunProjection(SerialSeconds: 1, ParallelSeconds: 0, SampleMegapixels: 1, Workers: 2, Images: images, Megapixels: seconds);
        var estimate = new RunEstimate("a/b.png", SampleFailed: false, projection);
        Assert.Equal(expected, NumberFormat.Estimate(estimate));
    }
}
