using System.Text.Json;
using SemSrDashboard.Engine.Statistics;
using static SemSrDashboard.Tests.Statistics.StatsFixtures;

namespace SemSrDashboard.Tests.Statistics;

public class HolmAndHistogramTests
{
    [Fact]
    public void Holm_matches_reference_loop()
    {
        foreach (JsonElement c in Load("holm_cases.json").GetProperty("cases").EnumerateArray())
        {
            string name = c.GetProperty("name").GetString()!;
            double[] expected = Arr(c, "adjusted");
            double[] actual = HolmAdjustment.Adjust(Arr(c, "p"));
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                AssertClose(expected[i], actual[i], $"holm {name}[{i}]");
            }
        }
    }

    [Fact]
    public void Holm_hand_checked_example()
    {
        // m = 4: sorted 0.005, 0.01, 0.03, 0.04 -> 0.02, 0.03, 0.06, max(0.04, 0.06) = 0.06
        double[] adj = HolmAdjustment.Adjust([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], adj);
        // NaN is outside the family: m = 2
        double[] withNaN = HolmAdjustment.Adjust([0.02, double.NaN, 0.5]);
        Assert.Equal(0.04, withNaN[0]);
        Assert.True(double.IsNaN(withNaN[1]));
        Assert.Equal(0.5, withNaN[2]);
    }

    [Fact]
    public void Fd_edges_match_numpy_exactly()
    {
        foreach (JsonElement c in Load("histogram_cases.json").GetProperty("cases").EnumerateArray())
        {
            string name = c.GetProperty("name").GetString()!;
            double[] x = Arr(c, "x");
            HistogramBinning bins = HistogramBins.FreedmanDiaconis(x, c.GetProperty("max_bins").GetInt32());
            Assert.Equal(c.GetProperty("kind").GetString(), bins.Rule);
            Assert.Equal(Arr(c, "edges"), bins.Edges); // bitwise equality
            long[] counts = [.. c.GetProperty("counts").EnumerateArray().Select(e => e.GetInt64())];
            Assert.Equal(counts, HistogramBins.Counts(x, bins.Edges));
            Assert.Equal(x.Length, counts.Sum());
        }
    }

    [Fact]
    public void Fd_uncapped_bin_count_matches_numpy()
    {
        foreach (JsonElement c in Load("histogram_cases.json").GetProperty("cases").EnumerateArray())
        {
            if (c.GetProperty("kind").GetString() == "fd")
            {
                HistogramBinning bins = HistogramBins.FreedmanDiaconis(Arr(c, "x"), int.MaxValue);
                Assert.Equal(c.GetProperty("fd_bins").GetInt32(), bins.BinCount);
            }
            if (c.GetProperty("kind").GetString() == "capped")
            {
                HistogramBinning bins = HistogramBins.FreedmanDiaconis(Arr(c, "x"), int.MaxValue);
                Assert.Equal(c.GetProperty("fd_bins").GetInt32(), bins.BinCount);
                Assert.Equal("fd", bins.Rule);
            }
        }
    }

    [Fact]
    public void Histogram_ignores_non_finite_and_handles_empty()
    {
        HistogramBinning empty = HistogramBins.FreedmanDiaconis([double.NaN, double.PositiveInfinity]);
        Assert.Equal([0.0, 1.0], empty.Edges);
        HistogramBinning withInf = HistogramBins.FreedmanDiaconis([0.3, 0.1, 0.7, double.PositiveInfinity, 0.2, 0.9, 0.5, 0.55]);
        Assert.Equal(HistogramBins.FreedmanDiaconis([0.3, 0.1, 0.7, 0.2, 0.9, 0.5, 0.55]).Edges, withInf.Edges);
    }
}
