using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Upsampling;
using SemSrDashboard.Tests.EndToEnd;

namespace SemSrDashboard.Tests.Dashboard;

public sealed class RunEstimatorTests
{
    private static readonly string Demo = Path.Combine(RepositoryPaths.DemoData);

    [Fact]
    public void Times_one_image_and_scales_to_the_images_of_the_run()
    {
        var estimate = RunEstimator.Estimate(new RunSettings(Demo, ["bicubic", "bilinear"]), new MethodCatalog(), workers: 2);
        int images = Directory.GetFiles(Demo, "*.png", SearchOption.AllDirectories).Length;
        Assert.Equal(images, estimate.Images);
        Assert.False(estimate.SampleFailed);
        Assert.True(estimate.PerImage > TimeSpan.Zero);
        Assert.InRange(estimate.Total, TimeSpan.FromTicks(estimate.PerImage.Ticks * images / 2 / 2), TimeSpan.FromTicks(estimate.PerImage.Ticks * images));
    }

    [Fact]
    public void Respects_the_per_category_limit_and_refuses_bad_settings()
    {
        var limited = RunEstimator.Estimate(new RunSettings(Demo, ["bicubic"], LimitPerCategory: 1), new MethodCatalog());
        Assert.Equal(Directory.GetDirectories(Demo).Length, limited.Images);
        Assert.Throws<InvalidRunSettingsException>(() => RunEstimator.Estimate(new RunSettings(Demo, ["nope"]), new MethodCatalog()));
    }
}
