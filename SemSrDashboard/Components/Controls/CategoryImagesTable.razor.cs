using Microsoft.AspNetCore.Components;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Model;

namespace SemSrDashboard.Components.Controls;

/// <summary>The images of a category, one row each: size, info-bar rows, PSNR and SSIM of every method, the Δ of the
/// compared model and the status. Virtualised (only the rows in view are in the page, so thousands stay smooth),
/// sortable on every column and filterable; the sort and filter are reported so the page can keep them in its URL.</summary>
public partial class CategoryImagesTable : ComponentBase
{
    public const int RowHeight = 34;

    [Parameter, EditorRequired] public required int RunId { get; set; }
    [Parameter, EditorRequired] public required IReadOnlyList<CategoryImage> Images { get; set; }
    /// <summary>The run's methods, baseline first.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<string> Methods { get; set; }
    [Parameter, EditorRequired] public required string Model { get; set; }
    [Parameter] public string Baseline { get; set; } = MethodIds.Baseline;
    [Parameter] public string? Sort { get; set; }
    [Parameter] public bool Descending { get; set; }
    [Parameter] public string? Filter { get; set; }
    [Parameter] public int Height { get; set; } = 520;
    /// <summary>The pair page link of an image (query string included).</summary>
    [Parameter, EditorRequired] public required Func<CategoryImage, string> ImageHref { get; set; }
    [Parameter] public EventCallback<(string? Sort, bool Descending, string? Filter)> OnViewChanged { get; set; }

    private string _sort = CategoryImageOrder.File;
    private bool _descending;
    private string? _filter;
    private List<CategoryImage> _visible = [];
    private (IReadOnlyList<CategoryImage>, string?, bool, string?)? _applied;

    protected override void OnParametersSet()
    {
        var incoming = (Images, Sort, Descending, Filter);
        if (_applied is { } a && ReferenceEquals(a.Item1, Images) && a.Item2 == Sort && a.Item3 == Descending && a.Item4 == Filter)
            return;
        _applied = incoming;
        _sort = string.IsNullOrEmpty(Sort) ? CategoryImageOrder.File : Sort;
        _descending = Descending;
        _filter = Filter;
        Apply();
    }

    private void Apply() => _visible = CategoryImageOrder.Sort(CategoryImageOrder.Filter(Images, _filter), _sort, _descending).ToList();

    private async Task SortByAsync(string key)
    {
        // First click: the natural order (numbers largest first, names A→Z); second click reverses.
        _descending = _sort == key ? !_descending : key is not (CategoryImageOrder.File or CategoryImageOrder.Status);
        _sort = key;
        Apply();
        await OnViewChanged.InvokeAsync((_sort, _descending, _filter));
    }

    private async Task OnFilterAsync(string? text)
    {
        _filter = text;
        Apply();
        await OnViewChanged.InvokeAsync((_sort, _descending, _filter));
    }

    private string? AriaSort(string key) => _sort == key ? (_descending ? "descending" : "ascending") : null;

    private static string DeltaClass(double? delta) => delta switch
    {
        > 0 => "delta-better",
        < 0 => "delta-worse",
        _ => "",
    };
}
