using Bunit;
using SemSrDashboard.Components.Controls.Chart;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>Small samples are drawn as points with the zero line in view; larger ones as histograms whose bars never
/// straddle zero.</summary>
public sealed class SmallSampleChartTests : DashboardTestContext
{
    private static MetricPair[] Pairs(string category, params double[] differences) =>
        differences.Select((d, i) => new MetricPair(category, $"{category}/{i}.png", 0.8, 0.8 + d)).ToArray();

    [Fact]
    public void One_image_is_one_point_on_an_axis_fitted_to_it_and_zero()
    {
        // Seen: one image with ΔSSIM +0.023 drawn as a bar from −0.5 to +0.5 centred on 0.
        var chart = ChartData.Distribution(Pairs("Nanowires", 0.023), HistogramMode.Category, "Nanowires");

        Assert.Empty(chart.Histograms);
        var strip = Assert.Single(chart.Strips);
        Assert.Equal(0.023, Assert.Single(strip.Values), 12);
        Assert.Equal("Nanowires/0.png", Assert.Single(strip.Images));
        var (min, max) = chart.XRange!.Value;
        Assert.True(min < 0 && max > 0.023, $"{min} .. {max}");
        Assert.True(max - min < 0.03, $"axis {min} .. {max} dwarfs the value"); // 8 % padding each side
    }

    [Fact]
    public void Four_close_values_fill_the_axis_instead_of_a_hairline()
    {
        var chart = ChartData.Distribution(Pairs("Biological", 0.009, 0.011, 0.013, 0.015), HistogramMode.All);

        Assert.Equal([0.009, 0.011, 0.013, 0.015], Assert.Single(chart.Strips).Values.Select(v => Math.Round(v, 12)));
        var (min, max) = chart.XRange!.Value;
        Assert.Equal(-0.08 * 0.015, min, 12);
        Assert.Equal(0.015 + 0.08 * 0.015, max, 12);
    }

    [Fact]
    public void Overlaid_small_samples_give_one_row_per_category()
    {
        var pairs = Pairs("a", 0.1, 0.2).Concat(Pairs("b", -0.3)).ToArray();

        var chart = ChartData.Distribution(pairs, HistogramMode.Overlay);

        Assert.Equal(["a", "b"], chart.Strips.Select(s => s.Name));
        Assert.Equal(-0.3, chart.Strips[1].Values[0], 12);
    }

    [Fact]
    public void Twenty_images_or_more_are_a_histogram_split_at_zero()
    {
        // −0.95, −0.85, …, +0.95 (n = 20). numpy: IQR = 0.95, Freedman–Diaconis h = 2·0.95·20^(−1/3) = 0.69996, so
        // ⌈1.9 / h⌉ = 3 bins of width 1.9 / 3 = 0.6333. On the grid k·0.6333 the data span k = −2 … 2: bars
        // [−2h, −h), [−h, 0), [0, h), [h, 2h] holding 4, 6, 6, 4.
        double[] values = Enumerable.Range(0, 20).Select(i => i / 10.0 - 0.95).ToArray();

        var chart = ChartData.Distribution(Pairs("a", values), HistogramMode.All);

        Assert.Empty(chart.Strips);
        var series = Assert.Single(chart.Histograms);
        double h = 1.9 / 3;
        Assert.Equal(5, series.Edges.Length);
        Assert.All(series.Edges.Zip(new[] { -2 * h, -h, 0, h, 2 * h }), e => Assert.Equal(e.Second, e.First, 9));
        Assert.Equal([4L, 6, 6, 4], series.Counts);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void No_bin_straddles_zero_and_the_bins_cover_only_the_data(int seed)
    {
        // Seen: one bar spanning −0.07 to +0.35 hid that a category got significantly worse.
        var random = new Random(seed);
        double[] values = Enumerable.Range(0, 40).Select(_ => -0.07 + 0.42 * random.NextDouble()).ToArray();

        double[] edges = ZeroAlignedBins.Edges(values, 60);

        Assert.DoesNotContain(Enumerable.Range(0, edges.Length - 1), i => edges[i] < 0 && edges[i + 1] > 0);
        Assert.Contains(0.0, edges);
        double width = edges[1] - edges[0];
        Assert.True(edges[0] <= values.Min() && edges[0] > values.Min() - width);
        Assert.True(edges[^1] >= values.Max() && edges[^1] < values.Max() + width);
        Assert.Equal(values.Length, HistogramBins.Counts(values, edges).Sum());
    }

    [Fact]
    public void The_chart_draws_points_below_twenty_images_and_bars_from_twenty()
    {
        var small = Render<DistributionChart>(p => p.Add(c => c.Id, "small")
            .Add(c => c.Data, ChartData.Distribution(Pairs("a", Enumerable.Range(0, 19).Select(i => i / 100.0).ToArray()), HistogramMode.All)));
        var large = Render<DistributionChart>(p => p.Add(c => c.Id, "large")
            .Add(c => c.Data, ChartData.Distribution(Pairs("a", Enumerable.Range(0, 20).Select(i => i / 100.0).ToArray()), HistogramMode.All)));

        Assert.Single(small.FindAll("[data-testid=strip-plot]"));
        Assert.Empty(large.FindAll("[data-testid=strip-plot]"));
        Assert.Single(large.FindAll("#large"));
    }
}
