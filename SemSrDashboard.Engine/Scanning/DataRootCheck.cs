namespace SemSrDashboard.Engine.Scanning;

/// <summary>Whether a folder may become a data root: it exists, the service can read it, and it neither repeats nor
/// overlaps a root already on the list (an overlap would make the same images reachable under two roots and make
/// "inside which root" ambiguous). Paths are compared in their <see cref="RealPath"/> form.</summary>
public static class DataRootCheck
{
    /// <summary>The folder's resolved path when it is acceptable, otherwise the reason it is refused.</summary>
    public sealed record Outcome(string? Path, string? Refusal)
    {
        public bool Accepted => Refusal is null;
    }

    /// <summary>Checks <paramref name="path"/> (absolute, as the server sees it) against <paramref name="existingRoots"/>.</summary>
    public static Outcome Check(string? path, IEnumerable<string> existingRoots)
    {
        if (string.IsNullOrWhiteSpace(path))
            return Refuse("enter the folder's full path on the server");
        path = path.Trim();
        if (!System.IO.Path.IsPathFullyQualified(path))
            return Refuse($"'{path}' is not a full path (it must start with /; it is read on the server)");
        if (File.Exists(path))
            return Refuse($"{path} is a file, not a folder");
        if (!Directory.Exists(path))
            return Refuse($"{path} does not exist (or the dashboard's user cannot see it)");
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(path).GetEnumerator();
            entries.MoveNext();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return Refuse($"{path} cannot be read by the dashboard's user ({e.Message})");
        }

        string resolved = RealPath.Of(path);
        foreach (string root in existingRoots)
        {
            string other = RealPath.Of(root);
            if (string.Equals(other.TrimEnd('/'), resolved.TrimEnd('/'), StringComparison.Ordinal))
                return Refuse(other == path ? $"{path} is already a data folder" : $"{path} is already a data folder (as {root})");
            if (RealPath.IsInside(resolved, other))
                return Refuse($"{path} lies inside the data folder {root}, whose sub-folders can already be chosen");
            if (RealPath.IsInside(other, resolved))
                return Refuse($"{path} contains the data folder {root}; remove that one first if you want the larger folder");
        }
        return new Outcome(resolved, null);
    }

    private static Outcome Refuse(string reason) => new(null, reason);
}
