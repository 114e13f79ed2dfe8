using System.Text.Json;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests.Metrics;

/// <summary>Reads Fixtures/fidelity (written by tools/fixtures/make_fidelity_fixtures.py).</summary>
internal static class FidelityFixtures
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fidelity");

    public sealed record Case(string Name, string Kind, int Width, int Height, int Scale, string X, string Y, string Lr,
        double MsSsim, double Gmsd, double LrPsnr, double DetailCorr, double DetailRatio,
        double BandCross, double BandOriginal, double BandOutput)
    {
        public GrayImage Original => Load(X);
        public GrayImage Output => Load(Y);
        public GrayImage LrInput => Load(Lr);
    }

    private static readonly Lazy<IReadOnlyList<Case>> All = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "expected.json"))).RootElement
            .GetProperty("cases").EnumerateArray().Select(e => new Case(
                e.GetProperty("name").GetString()!, e.GetProperty("kind").GetString()!,
                e.GetProperty("width").GetInt32(), e.GetProperty("height").GetInt32(), e.GetProperty("scale").GetInt32(),
                e.GetProperty("x").GetString()!, e.GetProperty("y").GetString()!, e.GetProperty("lr").GetString()!,
                Number(e, "ms_ssim"), Number(e, "gmsd"), Number(e, "lr_psnr"), Number(e, "detail_corr"),
                Number(e, "detail_ratio"), Number(e, "band_cross"), Number(e, "band_original"),
                Number(e, "band_output"))).ToList());

    public static IReadOnlyList<Case> Cases => All.Value;

    public static Case ByName(string name) => Cases.Single(c => c.Name == name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.Name);
        return data;
    }

    public static GrayImage Load(string relative) => ImageLoader.Load(Path.Combine(Root, relative)).Image;

    /// <summary>Agreement ≤ 1e-9 relative or 1e-12 absolute; <c>nan</c> and ±∞ must match exactly.</summary>
    public static void AssertAgrees(double expected, double actual, string what)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected}, got {actual}");
            return;
        }
        double tolerance = Math.Max(1e-12, 1e-9 * Math.Abs(expected));
        Assert.True(Math.Abs(actual - expected) <= tolerance,
            $"{what}: expected {expected:R}, got {actual:R} (difference {actual - expected:E3}, tolerance {tolerance:E1})");
    }

    private static double Number(JsonElement parent, string name)
    {
        var e = parent.GetProperty(name);
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.GetDouble(),
            JsonValueKind.String => e.GetString() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                var s => throw new InvalidDataException($"{name}: not a number: {s}"),
            },
            _ => throw new InvalidDataException($"{name}: not a number: {e}"),
        };
    }
}
