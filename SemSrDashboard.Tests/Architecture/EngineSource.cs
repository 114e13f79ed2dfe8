using System.Text.RegularExpressions;

namespace SemSrDashboard.Tests.Architecture;

/// <summary>One C# source file of the Engine as the layering rules see it: its top-level folder, its declared
/// namespace and the Engine namespaces it refers to.</summary>
/// <param name="RelativePath">Path under <c>SemSrDashboard.Engine/</c>, with '/' separators.</param>
/// <param name="Folder">Top-level folder (<c>Runs</c>, <c>Domain</c>, …); empty for a file at the Engine's root.</param>
/// <param name="Namespace">The file-scoped or block namespace it declares (null: none).</param>
/// <param name="Text">The source with comments removed.</param>
internal sealed record EngineSource(string RelativePath, string Folder, string? Namespace, string Text)
{
    public const string RootNamespace = "SemSrDashboard.Engine";

    /// <summary>The Engine project's folder in this checkout.</summary>
    public static string EngineFolder => Path.Combine(RepositoryPaths.Root, "SemSrDashboard.Engine");

    /// <summary>Every hand-written source file of the Engine (build outputs excluded).</summary>
    public static IReadOnlyList<EngineSource> LoadAll() =>
        Directory.EnumerateFiles(EngineFolder, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(EngineFolder, path).Replace('\\', '/'))
            .Where(relative => !relative.StartsWith("obj/", StringComparison.Ordinal) && !relative.StartsWith("bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();

    /// <summary>The namespace a file in this folder must declare: the root namespace plus its folders.</summary>
    public string ExpectedNamespace
    {
        get
        {
            string? directory = Path.GetDirectoryName(RelativePath)?.Replace('\\', '/');
            return string.IsNullOrEmpty(directory) ? RootNamespace : RootNamespace + "." + directory.Replace('/', '.');
        }
    }

    private static EngineSource Load(string relativePath)
    {
        string text = WithoutComments(File.ReadAllText(Path.Combine(EngineFolder, relativePath)));
        int slash = relativePath.IndexOf('/');
        string folder = slash < 0 ? "" : relativePath[..slash];
        var match = Regex.Match(text, @"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline);
        return new EngineSource(relativePath, folder, match.Success ? match.Groups[1].Value : null, text);
    }

    /// <summary>Removes <c>//</c> and <c>/* */</c> comments (doc comments included: a <c>cref</c> to a later layer is
    /// documentation, not a dependency) while keeping string literals, so that a <c>//</c> inside a string survives.</summary>
    internal static string WithoutComments(string source) =>
        Regex.Replace(source, @"""(?:\\.|[^""\\\n])*""|//[^\n]*|/\*.*?\*/",
            m => m.Value.StartsWith('"') ? m.Value : m.Value.StartsWith("/*", StringComparison.Ordinal) ? new string('\n', m.Value.Count(c => c == '\n')) : "",
            RegexOptions.Singleline);
}
