using Microsoft.AspNetCore.Components;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.Controls;

/// <summary>Chooses a data folder under the configured data roots, and nowhere else.</summary>
public partial class FolderPicker : ComponentBase
{
    [Inject] public required DataFolderBrowser Browser { get; init; }

    /// <summary>The chosen folder (absolute path), null before a choice or when the root is missing.</summary>
    [Parameter] public string? Value { get; set; }
    [Parameter] public EventCallback<string?> ValueChanged { get; set; }

    private DataRoot? _root;
    private IReadOnlyList<DataFolder> _children = [];

    protected override async Task OnInitializedAsync()
    {
        if (Value is not null && Browser.RootOf(Value) is { } root)
        {
            _root = root;
            _children = Browser.SubFolders(Value);
        }
        else if (Browser.Roots.Count > 0)
        {
            await OpenRootAsync(Browser.Roots[0]);
        }
    }

    private async Task OpenRootAsync(DataRoot root)
    {
        _root = root;
        if (!DataFolderBrowser.Exists(root))
        {
            _children = [];
            await SetValueAsync(null);
            return;
        }
        await OpenAsync(root.Path);
    }

    private async Task OpenAsync(string path)
    {
        if (Browser.RootOf(path) is null)
            return; // never leave the roots
        _children = Browser.SubFolders(path);
        await SetValueAsync(path);
    }

    private async Task SetValueAsync(string? path)
    {
        Value = path;
        await ValueChanged.InvokeAsync(path);
        StateHasChanged();
    }
}
