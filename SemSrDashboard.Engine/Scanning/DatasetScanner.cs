namespace SemSrDashboard.Engine.Scanning;

/// <summary>One image file found under a data root.</summary>
/// <param name="Category">The first-level folder it lies in (or the root's own name for files directly in the root).</param>
/// <param name="RelativePath">Path relative to the root, with '/' separators.</param>
/// <param name="FullPath">Absolute path on disk.</param>
public sealed record ScannedImage(string Category, string RelativePath, string FullPath);

/// <summary>The result of scanning a data root.</summary>
/// <param name="Images">Image files in ordinal order of their relative path.</param>
/// <param name="SkippedFiles">Files that are not images by their extension.</param>
public sealed record DatasetScan(string Root, IReadOnlyList<ScannedImage> Images, int SkippedFiles);

/// <summary>Stage 1 of the pipeline: find the images of a data set and their categories.</summary>
/// <remarks>First-level sub-folders are categories; deeper folders belong to their first-level category; files in
/// the root itself form a category named after the root. Symbolic links to folders are followed once, never into a
/// folder already being visited (no loops).</remarks>
public static class DatasetScanner
{
    public static readonly IReadOnlySet<string> ImageExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp" };

    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    public static DatasetScan Scan(string root)
    {
        var rootInfo = new DirectoryInfo(Path.GetFullPath(root));
        if (!rootInfo.Exists)
            throw new DirectoryNotFoundException($"data folder not found: {root}");

        var images = new List<ScannedImage>();
        int skipped = 0;
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        string rootCategory = rootInfo.Name;

        void Walk(DirectoryInfo dir, string relativeDir, string? category)
        {
            string identity = ResolvedPath(dir);
            if (!visiting.Add(identity))
                return; // a link back into a folder on the current path: a loop
            try
            {
                FileSystemInfo[] entries;
                try
                {
                    entries = dir.GetFileSystemInfos();
                }
                catch (Exception e) when (e is UnauthorizedAccessException or IOException)
                {
                    return; // unreadable folder: nothing to evaluate inside it
                }

                foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
                {
                    string relative = relativeDir.Length == 0 ? entry.Name : relativeDir + "/" + entry.Name;
                    if (entry is DirectoryInfo sub)
                    {
                        Walk(sub, relative, category ?? sub.Name);
                    }
                    else if (entry is FileInfo file)
                    {
                        if (file.LinkTarget is not null && !LinkTargetExists(file))
                            continue; // dangling link (FileInfo.Exists is true for the link itself)
                        if (ImageExtensions.Contains(file.Extension))
                            images.Add(new ScannedImage(category ?? rootCategory, relative, file.FullName));
                        else
                            skipped++;
                    }
                }
            }
            finally
            {
                visiting.Remove(identity);
            }
        }

        Walk(rootInfo, "", null);
        images.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new DatasetScan(rootInfo.FullName, images, skipped);
    }

    private static bool LinkTargetExists(FileInfo link)
    {
        try
        {
            return link.ResolveLinkTarget(returnFinalTarget: true)?.Exists ?? false;
        }
        catch (IOException)
        {
            return false; // a loop of links
        }
    }

    private static string ResolvedPath(DirectoryInfo dir)
    {
        try
        {
            var target = dir.ResolveLinkTarget(returnFinalTarget: true);
            return target?.FullName ?? dir.FullName;
        }
        catch (IOException)
        {
            return dir.FullName;
        }
    }
}
