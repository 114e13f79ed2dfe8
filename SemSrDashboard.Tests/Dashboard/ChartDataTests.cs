using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

public sealed class ChartDataTests
{
    private static readonly MetricPair[] Pairs =
    [
        new("a", "a/1.png", 30, 31),
        new("a", "a/2.png", 30, 30.5),
        new("a", "a/3.png", 30, 32),
        new("b", "b/1.png", 20, 19),
        new("b", "b/2.png", 20, 20.25),
        new("b", "b/3.png", 25, double.PositiveInfinity),
    ];

    [Fact]
    public void Differences_leave_out_non_finite_pairs()
    {
        Assert.Equal([1, 0.5, 2, -1, 0.25], ChartData.Differences(Pairs));
    }

    [Fact]
    public void All_images_histogram_uses_freedman_diaconis_wide_bins_aligned_on_zero_and_counts_every_finite_difference()
    {
        var series = Assert.Single(ChartData.Histograms(Pairs, HistogramMode.All));
        double[] fd = HistogramBins.FreedmanDiaconis(ChartData.Differences(Pairs), 60).Edges;
        Assert.Equal(fd[1] - fd[0], series.Width, 12);
        Assert.Contains(0.0, series.Edges);
        Assert.Equal(5, series.Total);
        Assert.Equal(series.Counts.Length, series.Centers.Length);
        Assert.Equal((series.Edges[0] + series.Edges[1]) / 2, series.Centers[0], 12);
        Assert.Equal(series.Edges[1] - series.Edges[0], series.Width, 12);
    }

    [Fact]
    public void One_category_histogram_holds_only_that_category()
    {
        var series = Assert.Single(ChartData.Histograms(Pairs, HistogramMode.Category, "b"));
        Assert.Equal("b", series.Name);
        Assert.Equal(2, series.Total);
        Assert.Empty(ChartData.Histograms(Pairs, HistogramMode.Category, "missing"));
    }

    [Fact]
    public void Overlaid_categories_share_the_bins_of_all_images()
    {
        var series = ChartData.Histograms(Pairs, HistogramMode.Overlay);
        Assert.Equal(["a", "b"], series.Select(s => s.Name));
        Assert.Equal(series[0].Edges, series[1].Edges);
        Assert.Equal(3, series[0].Total);
        Assert.Equal(2, series[1].Total);
    }

    [Fact]
    public void No_pairs_give_no_trace()
    {
        Assert.Empty(ChartData.Histograms([], HistogramMode.All));
        Assert.Empty(ChartData.Histograms([], HistogramMode.Overlay));
        Assert.Empty(ChartData.Scatter([]));
        Assert.Null(ChartData.DiagonalRange([]));
    }

    [Fact]
    public void Scatter_has_one_trace_per_category_and_maps_clicks_back_to_images()
    {
        var series = ChartData.Scatter(Pairs);
        Assert.Equal(["a", "b"], series.Select(s => s.Name));
        Assert.Equal([20.0, 20.0], series[1].Baseline); // the +∞ pair is not drawn
        Assert.Equal("b/2.png", ChartData.ImageAt(series, 1, 1));
        Assert.Null(ChartData.ImageAt(series, 2, 0));
        Assert.Null(ChartData.ImageAt(series, 0, 7));
        Assert.Equal((19.0, 32.0), ChartData.DiagonalRange(series));
    }
}
