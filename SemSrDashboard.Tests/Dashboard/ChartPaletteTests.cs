using System.Text.Json;
using Bunit;
using SemSrDashboard.Components.Controls.Chart;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>Charts colour their series with Tableau's colour-blind 10 palette, so ten categories stay distinguishable.</summary>
public sealed class ChartPaletteTests : DashboardTestContext
{
    private static string[] Reference()
    {
        // Written by tools/fixtures/make_palette_fixture.py from Matplotlib's tableau-colorblind10 style.
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "palette", "tableau-colorblind10.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("colours").EnumerateArray().Select(c => c.GetString()!).ToArray();
    }

    [Fact]
    public void Palette_is_tableau_colour_blind_10_in_order()
    {
        Assert.Equal(Reference(), ChartPalette.Colours);
        Assert.Equal(10, ChartPalette.Colours.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void A_scatter_of_ten_categories_is_laid_out_with_the_palette()
    {
        var series = Enumerable.Range(1, 10)
            .Select(i => new ScatterSeries($"category {i}", [30.0 + i], [30.5 + i], [$"c{i}/1.png"])).ToList();

        var cut = Render<ScatterChart>(p => p.Add(c => c.Id, "scatter").Add(c => c.Series, series));

        var layout = cut.FindComponent<PlotlyView>().Instance.BuildLayout();
        Assert.Equal(Reference(), layout.Colorway!.Cast<string>());
    }
}
