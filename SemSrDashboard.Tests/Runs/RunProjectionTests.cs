using SemSrDashboard.Engine.Runs;

namespace SemSrDashboard.Tests.Runs;

/// <summary>The projection's arithmetic on hand-computed figures.</summary>
public sealed class RunProjectionTests
{
    [Fact]
    public void Serial_time_is_paid_per_image_and_parallel_time_is_shared_by_the_workers()
    {
        // 2 s in a model + 3 s elsewhere per image; 3 workers: 2 + 3 / 3 = 3 s per image; 10 images of the sample's size.
        var projection = new RunProjection(SerialSeconds: 2, ParallelSeconds: 3, SampleMegapixels: 1, Workers: 3, Images: 10, Megapixels: 10);

        Assert.Equal(5, projection.OneWorkerSeconds);
        Assert.Equal(3, projection.SecondsPerSampleImage);
        Assert.Equal(30, projection.Total.TotalSeconds, 9);
    }

    [Theory]
    [InlineData(1, 6)]
    [InlineData(2, 4)]
    [InlineData(4, 3)]
    [InlineData(1000, 2.004)]
    public void More_workers_shrink_only_the_parallel_part(int workers, double secondsPerImage)
    {
        var projection = new RunProjection(SerialSeconds: 2, ParallelSeconds: 4, SampleMegapixels: 1, Workers: workers, Images: 1, Megapixels: 1);

        Assert.Equal(secondsPerImage, projection.SecondsPerSampleImage, 12);
    }

    [Fact]
    public void The_run_is_scaled_by_its_megapixels_not_its_image_count()
    {
        // A 0.5-megapixel sample image costs 1 + 2 / 2 = 2 s; the run's 4 images hold 6 megapixels: 2 × 6 / 0.5 = 24 s
        // (by count it would be 8 s).
        var projection = new RunProjection(SerialSeconds: 1, ParallelSeconds: 2, SampleMegapixels: 0.5, Workers: 2, Images: 4, Megapixels: 6);

        Assert.Equal(24, projection.Total.TotalSeconds, 9);
    }

    [Fact]
    public void The_setup_is_paid_once_whatever_the_run_size()
    {
        // 2.5 s to open the model sessions, then 0.5 + 1 / 2 = 1 s per 1-megapixel image: 2.5 + 10 × 1 and 2.5 + 1000 × 1.
        Assert.Equal(12.5, new RunProjection(0.5, 1, 1, 2, Images: 10, Megapixels: 10, SetupSeconds: 2.5).Total.TotalSeconds, 9);
        Assert.Equal(1002.5, new RunProjection(0.5, 1, 1, 2, Images: 1000, Megapixels: 1000, SetupSeconds: 2.5).Total.TotalSeconds, 9);
        // By count too, when the megapixels are unknown: 2.5 + 4 × (1 + 2 / 2).
        Assert.Equal(10.5, new RunProjection(1, 2, 0, 2, Images: 4, Megapixels: 0, SetupSeconds: 2.5).Total.TotalSeconds, 9);
    }

    [Fact]
    public void Unknown_megapixels_fall_back_to_the_image_count()
    {
        // 1 + 1 / 2 = 1.5 s per image × 7 images.
        var projection = new RunProjection(SerialSeconds: 1, ParallelSeconds: 1, SampleMegapixels: 0, Workers: 2, Images: 7, Megapixels: 0);

        Assert.Equal(10.5, projection.Total.TotalSeconds, 9);
    }

    [Fact]
    public void At_least_one_worker()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RunProjection(1, 1, 1, Workers: 0, Images: 1, Megapixels: 1));
    }
}
