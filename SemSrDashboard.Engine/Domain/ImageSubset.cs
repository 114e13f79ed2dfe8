using System.Security.Cryptography;
using System.Text;

namespace SemSrDashboard.Engine.Domain;

/// <summary>The images a run is limited to by <c>evaluate --subset FILE</c>: paths relative to the data folder,
/// category folder included, '/' separated — the form of a fine-tuned model's held-out and training lists.</summary>
public static class ImageSubset
{
    /// <summary>Reads a subset file: one path per line; blank lines are ignored, '\' is read as '/'.</summary>
    /// <exception cref="InvalidRunSettingsException">The file is missing or empty, or lists a path twice.</exception>
    public static IReadOnlyList<string> Read(string file)
    {
        if (!File.Exists(file))
            throw new InvalidRunSettingsException($"subset file not found: {file}");
        var entries = File.ReadAllLines(file).Select(Normalise).Where(line => line.Length > 0).ToList();
        if (entries.Count == 0)
            throw new InvalidRunSettingsException($"the subset file lists no image: {file}");
        var duplicated = entries.GroupBy(e => e, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicated.Count > 0)
            throw new InvalidRunSettingsException($"the subset file lists {Describe(duplicated)} more than once: {file}");
        return entries.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The entries that no scanned image has (empty when every entry names an image of the folder).</summary>
    public static IReadOnlyList<string> Unknown(IReadOnlyList<string> subset, IEnumerable<string> scannedPaths)
    {
        var scanned = scannedPaths.ToHashSet(StringComparer.Ordinal);
        return subset.Where(e => !scanned.Contains(e)).ToList();
    }

    /// <summary>A short, stable identity of the list for the run's fingerprint: SHA-256 of its sorted entries.</summary>
    public static string Digest(IReadOnlyList<string> subset) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', subset.Order(StringComparer.Ordinal)))));

    /// <summary>"a, b, c and 7 more": the first entries of a list, for messages.</summary>
    public static string Describe(IReadOnlyList<string> entries, int shown = 5) =>
        string.Join(", ", entries.Take(shown).Select(e => $"'{e}'")) + (entries.Count > shown ? $" and {entries.Count - shown} more" : "");

    private static string Normalise(string line)
    {
        string path = line.Trim().Replace('\\', '/');
        return path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
    }
}
