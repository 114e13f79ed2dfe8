using System.Text.RegularExpressions;

namespace SemSrDashboard.Tests.Architecture;

/// <summary>The graph of references between the Engine's top-level folders, read from the sources: <c>using</c>
/// directives (global, static and alias ones included), fully qualified <c>SemSrDashboard.Engine.X.</c> names and
/// names qualified from a parent namespace (<c>Runs.ResultStatus</c>). The composition root (files at the Engine's
/// root) is the folder "".</summary>
internal static class EngineDependencies
{
    private static readonly Regex UsingDirective = new(
        @"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?SemSrDashboard\.Engine\.(\w+)", RegexOptions.Multiline);
    private static readonly Regex QualifiedName = new(@"SemSrDashboard\.Engine\.(\w+)\b");
    private static readonly Regex TypeDeclaration = new(@"\b(?:class|struct|interface|enum|record)\s+(\w+)");
    private static readonly Regex NamespaceDeclaration = new(@"^\s*namespace\s+[\w.]+\s*;?", RegexOptions.Multiline);

    /// <summary>One reference from a file to another folder, with the text that makes it.</summary>
    public sealed record Reference(string From, string To, string File, string Evidence);

    public static IReadOnlyList<Reference> Find(IReadOnlyList<EngineSource> sources)
    {
        var folders = sources.Select(s => s.Folder).Where(f => f.Length > 0).ToHashSet(StringComparer.Ordinal);
        // Types declared per folder, to recognise names qualified relative to the root namespace ("Runs.RunStatus").
        var typesByFolder = sources.GroupBy(s => s.Folder)
            .ToDictionary(g => g.Key, g => g.SelectMany(s => TypeDeclaration.Matches(s.Text).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal));
        var references = new List<Reference>();
        foreach (var source in sources)
        {
            string body = NamespaceDeclaration.Replace(source.Text, "");
            void Add(string to, string evidence)
            {
                if (to != source.Folder)
                    references.Add(new Reference(source.Folder, to, source.RelativePath, evidence));
            }

            foreach (Match m in UsingDirective.Matches(body))
                if (folders.Contains(m.Groups[1].Value))
                    Add(m.Groups[1].Value, m.Value.Trim());
            foreach (Match m in QualifiedName.Matches(body))
            {
                string name = m.Groups[1].Value;
                if (folders.Contains(name))
                    Add(name, m.Value);
                else if (typesByFolder.GetValueOrDefault("")?.Contains(name) == true)
                    Add("", m.Value);
            }
            foreach (string folder in folders)
            {
                foreach (Match m in Regex.Matches(body, @"(?<![\w.])" + folder + @"\.(\w+)"))
                    if (typesByFolder[folder].Contains(m.Groups[1].Value))
                        Add(folder, m.Value);
            }
            // Files under SemSrDashboard.Engine.* see the root namespace's types without a using.
            foreach (string rootType in typesByFolder.GetValueOrDefault("") ?? [])
                if (source.Folder.Length > 0 && Regex.IsMatch(body, @"\b" + rootType + @"\b"))
                    Add("", rootType);
        }
        return references;
    }

    /// <summary>The folder cycles of the graph (each as its folders in order), found by depth-first search.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IEnumerable<Reference> references)
    {
        var edges = references.GroupBy(r => r.From).ToDictionary(g => g.Key, g => g.Select(r => r.To).Distinct().Order(StringComparer.Ordinal).ToList());
        var cycles = new List<IReadOnlyList<string>>();
        var state = new Dictionary<string, int>();
        var path = new List<string>();

        void Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (string next in edges.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                    cycles.Add([.. path.Skip(path.IndexOf(next)), next]);
                else if (state.GetValueOrDefault(next) == 0)
                    Visit(next);
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
        }

        foreach (string node in edges.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(node) == 0)
                Visit(node);
        return cycles;
    }
}
