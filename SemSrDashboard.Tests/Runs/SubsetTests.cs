using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Tests.Runs;

/// <summary><c>evaluate --subset FILE</c> evaluates exactly the listed images (e.g. a fine-tuned model's held-out
/// list), is part of the run's identity, and refuses lists that name unknown or repeated images or none.</summary>
[Collection(RunsCollection.Name)]
public sealed class SubsetTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly RunWorkspace _workspace = new();

    private string[] AllPaths => Directory.EnumerateFiles(_workspace.Data, "*.png", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(_workspace.Data, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    private string Write(string name, params string[] lines)
    {
        string file = _workspace.PathOf(name);
        File.WriteAllLines(file, lines);
        return file;
    }

    [Fact]
    public async Task Only_the_listed_images_are_evaluated_and_the_list_is_stored_with_the_run()
    {
        var chosen = AllPaths.Where((_, i) => i % 3 == 0).ToArray();
        // Any order, blank lines, a leading "./" and Windows separators are read as the same paths.
        string file = Write("held-out.txt", ["", "./" + chosen[^1], .. chosen[..^1].Select(p => p.Replace('/', '\\')), ""]);
        string db = _workspace.PathOf("s.db"), csv = _workspace.PathOf("s.csv");
        var (code, _, error) = await CliProcess.RunAsync(_workspace.Root, null, Limit, "evaluate", "--data", _workspace.Data,
            "--methods", "bicubic,lanczos", "--subset", file, "--store-outputs", "none", "--db", db, "--csv", csv);
        Assert.True(code == 0, error);
        Assert.Contains($"Run 1: {chosen.Length} images", error);
        var files = File.ReadAllLines(csv).Skip(1).Select(line => line.Split(',')[1]).Distinct().ToArray();
        Assert.Equal(chosen, files);

        var run = Engine.EngineContext.Open(db).Store.FindRun(1)!;
        Assert.Equal(string.Join('\n', chosen), run.Subset);
        Assert.Equal(chosen, Engine.Storage.StoredRunSettings.From(run).Subset);
    }

    [Fact]
    public void The_subset_is_part_of_the_run_identity_and_an_absent_one_keeps_the_old_fingerprint()
    {
        var plain = new RunSettings("/data", ["bicubic"], Metrics: MetricIds.Core);
        Assert.Equal("/data|bicubic|4|standard|auto|all", plain.Fingerprint);
        var a = plain with { Subset = ["A/1.png", "B/2.png"] };
        Assert.Equal(a.Fingerprint, (plain with { Subset = ["A/1.png", "B/2.png"] }).Fingerprint);
        Assert.NotEqual(a.Fingerprint, (plain with { Subset = ["A/1.png"] }).Fingerprint);
        Assert.NotEqual(plain.Fingerprint, a.Fingerprint);
        Assert.EndsWith("|shard=1/4", (plain with { Shard = new RunShard(1, 4) }).Fingerprint);
    }

    [Fact]
    public async Task Unknown_repeated_and_empty_lists_are_refused_naming_the_entries_and_nothing_is_written()
    {
        string known = AllPaths[0];
        await Refused(Write("unknown.txt", known, "Nanowires/missing.png", "Nowhere/x.png"),
            $"the subset lists 2 image(s) that {_workspace.Data} does not have: 'Nanowires/missing.png', 'Nowhere/x.png'");
        await Refused(Write("twice.txt", known, AllPaths[1], known), $"the subset file lists '{known}' more than once");
        await Refused(Write("empty.txt", "", "  "), "the subset file lists no image");
        await Refused(_workspace.PathOf("absent.txt"), "subset file not found");
    }

    private async Task Refused(string subset, string reason)
    {
        string db = _workspace.PathOf("refused.db");
        var (code, _, error) = await CliProcess.RunAsync(_workspace.Root, null, Limit, "evaluate", "--data", _workspace.Data,
            "--methods", "bicubic,lanczos", "--subset", subset, "--db", db);
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Contains(reason, error);
        Assert.False(File.Exists(db));
    }

    public void Dispose() => _workspace.Dispose();
}
