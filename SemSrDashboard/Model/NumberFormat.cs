using System.Globalization;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Model;

/// <summary>How the dashboard writes numbers, everywhere the same: PSNR with 2 decimals (dB), SSIM with 4,
/// p-values in scientific notation (3.2e-5), "< 1e-300" for a p that underflowed to 0, "–" for a missing value.</summary>
public static class NumberFormat
{
    public const string Missing = "–";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Decimals used for a metric's values and differences (the registry's; 4 for an unknown id).</summary>
    public static int Decimals(string metric) => MetricRegistry.Find(metric)?.Decimals ?? 4;

    /// <summary>The unit of a metric's values ("dB" for PSNR and LR-PSNR, none for the others).</summary>
    public static string Unit(string metric) => MetricRegistry.Find(metric)?.Unit ?? "";

    public static string MetricName(string metric) => MetricRegistry.Find(metric)?.DisplayName ?? metric;

    /// <summary>"higher is better", "lower is better", or for detail_ratio how to read it.</summary>
    public static string Direction(string metric) => MetricRegistry.Find(metric)?.Direction switch
    {
        MetricDirection.LowerIsBetter => "lower is better",
        MetricDirection.Neutral => "≈ 1: as much fine detail as the original; read with detail corr",
        _ => "higher is better",
    };

    /// <summary>Whether the metric has a better end (false for detail_ratio).</summary>
    public static bool HasBetterEnd(string metric) => MetricRegistry.Find(metric)?.Direction != MetricDirection.Neutral;

    /// <summary>Whether a smaller value is the better one (GMSD).</summary>
    public static bool LowerIsBetter(string metric) => MetricRegistry.Find(metric)?.Direction == MetricDirection.LowerIsBetter;

    /// <summary>CSS class of a difference model − baseline: <c>delta-better</c>, <c>delta-worse</c> or empty, by the
    /// metric's direction (a negative ΔGMSD is an improvement).</summary>
    public static string DeltaClass(double? difference, string metric) =>
        difference is double d && MetricRegistry.Find(metric)?.IsImprovement(d) is bool better ? (better ? "delta-better" : "delta-worse") : "";

    public static string Psnr(double? value) => Fixed(value, 2);

    public static string Ssim(double? value) => Fixed(value, 4);

    /// <summary>A value of <paramref name="metric"/> with its decimals, without unit.</summary>
    public static string Metric(double? value, string metric) => Fixed(value, Decimals(metric));

    /// <summary>A difference with an explicit sign (+0.35, -0.0012).</summary>
    public static string Signed(double? value, string metric)
    {
        string text = Fixed(value, Decimals(metric));
        return value is double v && double.IsFinite(v) && v > 0 && text != Fixed(0, Decimals(metric)) ? "+" + text : text;
    }

    /// <summary>A difference with an explicit sign and <paramref name="decimals"/> decimals.</summary>
    public static string Signed(double? value, int decimals)
    {
        string text = Fixed(value, decimals);
        return value is double v && double.IsFinite(v) && v > 0 && text != Fixed(0, decimals) ? "+" + text : text;
    }

    /// <summary>Decimals for listing <paramref name="values"/> of <paramref name="metric"/> side by side: the metric's
    /// own (<see cref="Decimals"/>), or more, up to <paramref name="most"/>, until values that differ are written
    /// differently and no non-zero value is written as zero.</summary>
    public static int DecimalsToTellApart(IEnumerable<double?> values, string metric, int most = 6)
    {
        var finite = values.OfType<double>().Where(double.IsFinite).Distinct().ToList();
        for (int decimals = Decimals(metric); decimals < most; decimals++)
        {
            var texts = finite.Select(v => Fixed(v, decimals)).ToList();
            bool distinct = texts.Distinct().Count() == finite.Count;
            bool noFalseZero = finite.Zip(texts).All(p => p.First == 0 || p.Second != Fixed(0, decimals));
            if (distinct && noFalseZero)
                return decimals;
        }
        return most;
    }

    /// <summary>A 95 % interval "[low, high]".</summary>
    public static string Interval(double low, double high, string metric) =>
        double.IsNaN(low) || double.IsNaN(high) ? Missing : $"[{Signed(low, metric)}, {Signed(high, metric)}]";

    /// <summary>A p-value: "3.2e-5", "0.041" from 0.01 up, "0.0032" from 0.001, "< 1e-300" when it underflowed to 0.</summary>
    public static string P(double value)
    {
        if (double.IsNaN(value))
            return Missing;
        if (value <= 0)
            return "< 1e-300";
        if (value >= 0.001)
            return value.ToString(value >= 0.01 ? "0.000" : "0.0000", Invariant);
        return value.ToString("0.0e+0", Invariant).Replace("e+", "e", StringComparison.Ordinal);
    }

    /// <summary>An effect size or other plain statistic with 2 decimals.</summary>
    public static string Statistic(double value) => Fixed(value, 2);

    public static string Fixed(double? value, int decimals) => value switch
    {
        null => Missing,
        double v when double.IsNaN(v) => Missing,
        double.PositiveInfinity => "+∞",
        double.NegativeInfinity => "-∞",
        double v => Negative(Math.Round(v, decimals).ToString("F" + decimals, Invariant)),
    };

    /// <summary>No "-0.00" for a tiny negative value.</summary>
    private static string Negative(string text) =>
        text.StartsWith('-') && text.Trim('-', '0', '.').Length == 0 ? text[1..] : text;

    /// <summary>"≈ 3 min for 120 images"; "&lt; 1 min" for short runs, hours from 90 minutes on.</summary>
    public static string Estimate(SemSrDashboard.Engine.Runs.RunEstimate estimate)
    {
        string images = estimate.Images == 1 ? "1 image" : $"{estimate.Images} images";
        double minutes = estimate.Total.TotalMinutes;
        string time = minutes < 1 ? "< 1 min"
            : minutes < 90 ? $"≈ {Math.Round(minutes, MidpointRounding.AwayFromZero).ToString("0", Invariant)} min"
            : $"≈ {(minutes / 60).ToString("0.0", Invariant)} h";
        return $"{time} for {images}";
    }
}
