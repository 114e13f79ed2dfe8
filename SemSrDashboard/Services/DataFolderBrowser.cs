namespace SemSrDashboard.Services;

/// <summary>A folder shown in the folder picker.</summary>
/// <param name="HasSubFolders">Whether it can be opened further.</param>
public sealed record DataFolder(string Name, string Path, bool HasSubFolders);

/// <summary>Lists folders for the new-run dialog, never outside the configured <see cref="DataRoots"/>.</summary>
public sealed class DataFolderBrowser(DataRoots roots)
{
    public IReadOnlyList<DataRoot> Roots => roots.All;

    /// <summary>True when the root's folder exists (a root may have been unmounted or removed since start).</summary>
    public static bool Exists(DataRoot root) => Directory.Exists(root.Path);

    /// <summary>The sub-folders of <paramref name="path"/>, by name; empty for a folder outside the roots, a missing
    /// folder or one that cannot be read.</summary>
    public IReadOnlyList<DataFolder> SubFolders(string path)
    {
        if (!roots.Contains(path) || !Directory.Exists(path))
            return [];
        try
        {
            return new DirectoryInfo(path).EnumerateDirectories()
                .Where(d => !d.Name.StartsWith('.'))
                .Where(d => roots.Contains(d.FullName))
                .OrderBy(d => d.Name, StringComparer.Ordinal)
                .Select(d => new DataFolder(d.Name, d.FullName, HasChildren(d)))
                .ToList();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return [];
        }
    }

    /// <summary>Names of the symbolic links in <paramref name="path"/> that lead to folders outside every root: they
    /// are not offered (see <see cref="SubFolders"/>), and the picker says so rather than hiding them silently.</summary>
    public IReadOnlyList<string> LinksLeadingOutside(string path)
    {
        if (!roots.Contains(path) || !Directory.Exists(path))
            return [];
        try
        {
            return new DirectoryInfo(path).EnumerateDirectories()
                .Where(d => d.LinkTarget is not null && !d.Name.StartsWith('.') && !roots.Contains(d.FullName))
                .Select(d => d.Name)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return [];
        }
    }

    /// <summary>The root that holds <paramref name="path"/>, if any.</summary>
    public DataRoot? RootOf(string path)
    {
        string full = System.IO.Path.GetFullPath(path).TrimEnd('/') + "/";
        return roots.All.FirstOrDefault(r => full.StartsWith(r.Path.TrimEnd('/') + "/", StringComparison.Ordinal));
    }

    /// <summary>The folders from the root down to <paramref name="path"/> (for the breadcrumb).</summary>
    public IReadOnlyList<(string Name, string Path)> Trail(string path)
    {
        var root = RootOf(path);
        if (root is null)
            return [];
        var trail = new List<(string, string)> { (root.Name, root.Path) };
        string relative = System.IO.Path.GetRelativePath(root.Path, path);
        if (relative == ".")
            return trail;
        string current = root.Path;
        foreach (string part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = System.IO.Path.Combine(current, part);
            trail.Add((part, current));
        }
        return trail;
    }

    private static bool HasChildren(DirectoryInfo directory)
    {
        try
        {
            return directory.EnumerateDirectories().Any(d => !d.Name.StartsWith('.'));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }
}
