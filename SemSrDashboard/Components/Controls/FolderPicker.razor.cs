using Microsoft.AspNetCore.Components;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.Controls;

/// <summary>Chooses a data folder under the data roots, and nowhere else; roots can be added and removed here.</summary>
public partial class FolderPicker : ComponentBase
{
    [Inject] public required DataFolderBrowser Browser { get; init; }
    [Inject] public required DataRoots Roots { get; init; }

    /// <summary>The chosen folder (absolute path), null before a choice or when the root is missing.</summary>
    [Parameter] public string? Value { get; set; }
    [Parameter] public EventCallback<string?> ValueChanged { get; set; }

    private DataRoot? _root;
    private IReadOnlyList<DataFolder> _children = [];
    private IReadOnlyList<string> _outsideLinks = [];
    private bool _managing;
    private string? _newRoot;
    private string? _rootMessage;
    private bool _rootRefused;

    protected override async Task OnInitializedAsync()
    {
        if (Value is not null && Browser.RootOf(Value) is { } root)
        {
            _root = root;
            _children = Browser.SubFolders(Value);
            _outsideLinks = Browser.LinksLeadingOutside(Value);
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
        _outsideLinks = Browser.LinksLeadingOutside(path);
        await SetValueAsync(path);
    }

    private async Task AddRootAsync()
    {
        var outcome = Roots.Add(_newRoot);
        _rootRefused = !outcome.Accepted;
        if (!outcome.Accepted)
        {
            _rootMessage = $"Not added: {outcome.Refusal}.";
            return;
        }
        _rootMessage = $"Added {outcome.Path}.";
        _newRoot = null;
        await OpenRootAsync(Roots.All.First(r => r.Path == outcome.Path));
    }

    private async Task RemoveRootAsync(DataRoot root)
    {
        var (removed, message) = Roots.Remove(root);
        _rootRefused = !removed;
        _rootMessage = message;
        if (removed && _root == root)
        {
            if (Roots.All.Count > 0)
                await OpenRootAsync(Roots.All[0]);
            else
            {
                _root = null;
                _children = [];
                await SetValueAsync(null);
            }
        }
    }

    private async Task SetValueAsync(string? path)
    {
        Value = path;
        await ValueChanged.InvokeAsync(path);
        StateHasChanged();
    }
}
