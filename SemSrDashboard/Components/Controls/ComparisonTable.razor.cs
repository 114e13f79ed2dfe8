using Microsoft.AspNetCore.Components;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Model;

namespace SemSrDashboard.Components.Controls;

/// <summary>The per-category comparison table: sortable on every column, filterable by category name and
/// significance; the pooled "ALL" row stays at the bottom.</summary>
public partial class ComparisonTable : ComponentBase
{
    [Parameter, EditorRequired] public required IReadOnlyList<CategoryTableRow> Rows { get; set; }
    [Parameter, EditorRequired] public required string Metric { get; set; }
    [Parameter, EditorRequired] public required string Model { get; set; }
    [Parameter] public string Baseline { get; set; } = MethodIds.Baseline;
    [Parameter] public double Alpha { get; set; } = 0.05;
    /// <summary>When set, category names link to the category pages of this run.</summary>
    [Parameter] public int? RunId { get; set; }
    /// <summary>How much of the run is in; an incomplete run's verdicts are muted and its unfinished categories say how far they are.</summary>
    [Parameter] public RunCompleteness Completeness { get; set; } = RunCompleteness.Complete;

    private string? _filter;
    private bool _significantOnly;

    private string MetricName => NumberFormat.MetricName(Metric);
    private string UnitSuffix => NumberFormat.Unit(Metric) is { Length: > 0 } unit ? $" ({unit})" : "";

    private CategoryTableRow? All => Rows.FirstOrDefault(r => r.IsAll);

    internal IEnumerable<CategoryTableRow> Visible => Filter(Rows, _filter, _significantOnly, Alpha);

    internal static IEnumerable<CategoryTableRow> Filter(IEnumerable<CategoryTableRow> rows, string? text, bool significantOnly, double alpha) =>
        rows.Where(r => !r.IsAll)
            .Where(r => string.IsNullOrWhiteSpace(text) || r.Category.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(r => !significantOnly || r.IsSignificant(alpha) == true);

    /// <summary>A sort key; NaN sorts last in ascending order.</summary>
    private static Func<CategoryTableRow, object> S<T>(Func<CategoryTableRow, T> key) where T : notnull =>
        r => key(r) is double d && double.IsNaN(d) ? double.MaxValue : key(r);
}
