namespace SemSrDashboard.Tests.Architecture;

/// <summary>The Engine's folders form layers (docs/architecture.md): each imports only the layers before it, and there
/// is no cycle. Read from the sources, so a new <c>using</c> that reaches up fails here with the file that does it.</summary>
public class LayeringTests
{
    /// <summary>The layer order, bottom first; folders on one line are peers and must not import each other. The
    /// composition root ("": the files at the Engine's root) comes last. Keep in step with docs/architecture.md.</summary>
    internal static readonly IReadOnlyList<IReadOnlyList<string>> Layers =
    [
        ["Domain"],
        ["Scanning", "Imaging"],
        ["Storage"],
        ["Metrics"],
        ["Models"],
        ["Upsampling"],
        ["Training"],
        ["Quantization"],
        ["Statistics", "Evaluation"],
        ["Export", "Inspection"],
        ["Runs"],
        [""],
    ];

    private static int LayerOf(string folder)
    {
        for (int i = 0; i < Layers.Count; i++)
            if (Layers[i].Contains(folder))
                return i;
        return -1;
    }

    [Fact]
    public void Every_engine_folder_has_a_place_in_the_layer_order()
    {
        var folders = EngineSource.LoadAll().Select(s => s.Folder).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Contains("Domain", folders);
        Assert.Contains("Runs", folders);
        Assert.DoesNotContain(folders, f => LayerOf(f) < 0);
        // And the order names no folder that does not exist (a renamed folder must be renamed here too).
        Assert.DoesNotContain(Layers.SelectMany(l => l), f => !folders.Contains(f));
    }

    [Fact]
    public void No_engine_folder_imports_a_later_layer_or_a_peer()
    {
        var violations = EngineDependencies.Find(EngineSource.LoadAll())
            .Where(r => LayerOf(r.To) >= LayerOf(r.From))
            .Select(r => $"{r.File}: {(r.From.Length == 0 ? "(root)" : r.From)} → {(r.To.Length == 0 ? "(root)" : r.To)} via '{r.Evidence}'")
            .Distinct()
            .ToList();
        Assert.True(violations.Count == 0, "Engine layering broken:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void Engine_folders_form_no_import_cycle()
    {
        var cycles = EngineDependencies.Cycles(EngineDependencies.Find(EngineSource.LoadAll()));
        Assert.True(cycles.Count == 0, "Import cycles:\n" + string.Join('\n', cycles.Select(c => string.Join(" → ", c))));
    }

    [Fact]
    public void Domain_imports_no_other_engine_folder()
    {
        var references = EngineDependencies.Find(EngineSource.LoadAll()).Where(r => r.From == "Domain").ToList();
        Assert.True(references.Count == 0, string.Join('\n', references.Select(r => $"{r.File}: {r.Evidence}")));
    }

    [Fact]
    public void Every_file_declares_the_namespace_of_its_folder()
    {
        // A file holding only an assembly attribute (the compiled EF Core model's registration) declares no type.
        var wrong = EngineSource.LoadAll().Where(s => s.Namespace != s.ExpectedNamespace)
            .Where(s => !(s.Namespace is null && s.Text.Contains("[assembly:", StringComparison.Ordinal)))
            .Select(s => $"{s.RelativePath}: namespace {s.Namespace ?? "(none)"}, expected {s.ExpectedNamespace}").ToList();
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void Only_the_composition_root_lives_in_the_root_namespace()
    {
        var rootFiles = EngineSource.LoadAll().Where(s => s.Folder.Length == 0).Select(s => s.RelativePath).ToList();
        Assert.Equal(["EngineContext.cs"], rootFiles);
    }

    [Fact]
    public void The_engine_project_declares_no_project_wide_engine_import()
    {
        // A <Using Include="SemSrDashboard.Engine.X" /> would make every folder import X without a line in its sources.
        string project = File.ReadAllText(Path.Combine(EngineSource.EngineFolder, "SemSrDashboard.Engine.csproj"));
        Assert.DoesNotMatch(@"<Using\s+Include=""SemSrDashboard\.Engine", project);
    }
}
