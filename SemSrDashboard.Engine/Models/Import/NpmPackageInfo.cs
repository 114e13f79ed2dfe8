using System.Text.Json;

namespace SemSrDashboard.Engine.Models.Import;

/// <summary>Name, version, licence and author of the npm package that contains a model.json.</summary>
public sealed record NpmPackageInfo(string Name, string Version, string? License, string? Author)
{
    /// <summary>Looks for a <c>package.json</c> in the folder of <paramref name="modelJsonPath"/> and up to three
    /// folders above it (npm layout: <c>package/models/x4/model.json</c>).</summary>
    public static NpmPackageInfo? Find(string modelJsonPath)
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!);
        for (var i = 0; i < 4 && dir is not null; i++, dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "package.json");
            if (!File.Exists(file))
                continue;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                var root = doc.RootElement;
                if (!root.TryGetProperty("name", out var name) || name.GetString() is not { } n)
                    return null;
                var version = root.TryGetProperty("version", out var v) ? v.GetString() ?? "" : "";
                var license = root.TryGetProperty("license", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
                string? author = null;
                if (root.TryGetProperty("author", out var a))
                    author = a.ValueKind == JsonValueKind.String ? a.GetString()
                        : a.ValueKind == JsonValueKind.Object && a.TryGetProperty("name", out var an) ? an.GetString() : null;
                return new NpmPackageInfo(n, version, license, author);
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return null;
    }
}
