namespace SemSrDashboard.Model;

/// <summary>Trace colours of every chart: Tableau's "Color Blind 10" palette (the colour cycle Matplotlib ships as
/// the <c>tableau-colorblind10</c> style), designed so that its ten colours stay distinguishable under the common
/// colour-vision deficiencies (blue/orange pairs varied in lightness, plus four greys of different lightness).</summary>
/// <remarks>Charts colour series in this order, so up to ten categories or methods get distinct colours; an
/// eleventh would repeat the first.</remarks>
public static class ChartPalette
{
    /// <summary>The ten colours as <c>#RRGGBB</c>, in cycle order.</summary>
    public static IReadOnlyList<string> Colours { get; } =
    [
        "#006BA4", "#FF800E", "#ABABAB", "#595959", "#5F9ED1",
        "#C85200", "#898989", "#A2C8EC", "#FFBC79", "#CFCFCF",
    ];
}
