using System.Globalization;
using System.Text.Json;

namespace SemSrDashboard.Tests.Statistics;

/// <summary>Loads the scipy/numpy reference fixtures and compares numbers.</summary>
internal static class StatsFixtures
{
    public const double RelTol = 1e-9;
    public const double AbsTolAtZero = 1e-15;

    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "statistics");

    public static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, file))).RootElement;

    public static double D(JsonElement e) => ParseNumber(e.GetString()!);

    public static double D(JsonElement obj, string name) => D(obj.GetProperty(name));

    public static double[] Arr(JsonElement obj, string name) =>
        [.. obj.GetProperty(name).EnumerateArray().Select(D)];

    public static double ParseNumber(string s) => s switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Relative error (absolute where the reference is 0); 0 when both NaN; +inf on NaN mismatch.</summary>
    public static double Error(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual) ? 0 : double.PositiveInfinity;
        }
        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            return expected == actual ? 0 : double.PositiveInfinity;
        }
        return expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);
    }

    public static void AssertClose(double expected, double actual, string what)
    {
        double err = Error(expected, actual);
        double tol = expected == 0 ? AbsTolAtZero : RelTol;
        Assert.True(err <= tol,
            $"{what}: expected {expected:R}, got {actual:R} (error {err:E3}, tolerance {tol:E0})");
    }
}
