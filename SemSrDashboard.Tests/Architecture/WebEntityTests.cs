using System.Text.RegularExpressions;

namespace SemSrDashboard.Tests.Architecture;

/// <summary>The web project does not touch the database's EF Core types: never the context or a <c>DbSet</c>; the
/// pages never name an entity (they show view models over the results cache); and the entity classes appear only in
/// the listed files, which read them through <c>ResultStore</c> or pass them to the Engine's statistics, which take
/// entities (docs/architecture.md). The list may only shrink: a new file that names an entity fails, and so does a
/// listed file that no longer needs to be listed.</summary>
public class WebEntityTests
{
    private static readonly string[] StillReadingEntities =
    [
        "SemSrDashboard/Cli/RunsCommand.cs",
        "SemSrDashboard/Components/Dialogs/ImageMetricsDialog.razor",
        "SemSrDashboard/Components/Dialogs/ProvenanceDialog.razor",
        "SemSrDashboard/Hosting/ExportEndpoints.cs",
        "SemSrDashboard/Model/CategoryViewModel.cs",
        "SemSrDashboard/Model/ImageDetailViewModel.cs",
        "SemSrDashboard/Model/RunCompleteness.cs",
        "SemSrDashboard/Model/RunDetailViewModel.cs",
        "SemSrDashboard/Model/RunListItem.cs",
        "SemSrDashboard/Model/RunListSnapshot.cs",
        "SemSrDashboard/Model/RunProvenance.cs",
        "SemSrDashboard/Model/RunResultsSnapshot.cs",
        "SemSrDashboard/Services/RunQueueService.cs",
    ];

    /// <summary>The entity classes, read from the context's <c>DbSet</c>s so that a new entity is covered, whichever file
    /// declares it.</summary>
    private static IReadOnlyList<string> EntityTypes() =>
        Regex.Matches(File.ReadAllText(Path.Combine(EngineSource.EngineFolder, "Storage", "EvaluationDbContext.cs")), @"\bDbSet<(\w+)>")
            .Select(m => m.Groups[1].Value).Distinct().ToList();

    private static Dictionary<string, string> WebSources() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "SemSrDashboard"), "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .ToDictionary(path => path, path => EngineSource.WithoutComments(File.ReadAllText(Path.Combine(RepositoryPaths.Root, path))));

    private static bool Names(string code, string type) => Regex.IsMatch(code, @"\b" + type + @"\b");

    [Fact]
    public void The_entity_classes_are_found()
    {
        Assert.Equal(["DataRootRecord", "ImageRecord", "ResultRecord", "RunRecord", "WorkerRecord"], EntityTypes().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_web_project_never_names_the_database_context_or_a_DbSet()
    {
        var offenders = WebSources().Where(f => Names(f.Value, "EvaluationDbContext") || Names(f.Value, "DbSet") || Names(f.Value, "DbContext"))
            .Select(f => f.Key).ToList();
        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }

    [Fact]
    public void No_page_names_an_entity_or_reads_the_store()
    {
        var entities = EntityTypes();
        var pages = WebSources().Where(f => f.Key.StartsWith("SemSrDashboard/Components/Pages/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);
        var naming = pages.Where(f => entities.Any(e => Names(f.Value, e))).Select(f => f.Key).ToList();
        Assert.True(naming.Count == 0, "Pages naming an EF entity (use a view model):\n" + string.Join('\n', naming));
        // The pages with results read them from the shared cache, never from the store on their own.
        var reading = pages.Where(f => Regex.IsMatch(f.Value, @"\bStore\.(Results|Images|CountsByRun)\(")).Select(f => f.Key).ToList();
        Assert.True(reading.Count == 0, "Pages reading results from the store:\n" + string.Join('\n', reading));
    }

    [Fact]
    public void No_other_web_file_names_an_entity_and_the_list_only_shrinks()
    {
        var entities = EntityTypes();
        var naming = WebSources().Where(f => entities.Any(e => Names(f.Value, e))).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(naming.Except(StillReadingEntities).ToList() is [], "New web files naming an EF entity (use a plain record):\n" +
            string.Join('\n', naming.Except(StillReadingEntities)));
        Assert.True(StillReadingEntities.Except(naming).ToList() is [], "No longer naming an entity; remove from the list:\n" +
            string.Join('\n', StillReadingEntities.Except(naming)));
    }
}
