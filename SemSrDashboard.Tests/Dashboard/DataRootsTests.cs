using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Hosting;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>Data folders added and removed from the dashboard: kept in the database, checked like the configured
/// ones, refused with the reason, and removed without touching runs.</summary>
public sealed class DataRootsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-added-roots-").FullName;

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(_folder, relative)).FullName;

    private DataRoots Roots(params string[] configured) =>
        new(Options.Create(new DashboardOptions { DataRoots = [.. configured] }), new TestHostEnvironment(_folder),
            EngineContext.Open(Path.Combine(_folder, "semsr.db")));

    [Fact]
    public void An_added_folder_is_on_the_list_after_a_restart_and_its_sub_folders_can_be_chosen()
    {
        string lab = Folder("lab");
        string added = Folder("shared/grains");

        var outcome = Roots("lab").Add(added + "/");

        Assert.True(outcome.Accepted, outcome.Refusal);
        var restarted = Roots("lab"); // a new service on the same database: what a restart sees
        Assert.Equal([(lab, true), (added, false)], restarted.All.Select(r => (r.Path, r.Configured)));
        Assert.Equal("grains", restarted.All[1].Name);
        Assert.True(restarted.Contains(Folder("shared/grains/run1")));
        Assert.False(restarted.Contains(Folder("shared/other")));
    }

    [Fact]
    public void Missing_duplicate_nested_and_enclosing_folders_are_refused_with_the_reason()
    {
        Folder("lab/deeper");
        string link = Path.Combine(_folder, "lab-link");
        Directory.CreateSymbolicLink(link, Path.Combine(_folder, "lab"));
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "x");
        var roots = Roots("lab");

        Assert.Contains("does not exist", roots.Add(Path.Combine(_folder, "nowhere")).Refusal);
        Assert.Contains("is a file, not a folder", roots.Add(Path.Combine(_folder, "notes.txt")).Refusal);
        Assert.Contains("not a full path", roots.Add("lab").Refusal);
        Assert.Contains("is already a data folder", roots.Add(Path.Combine(_folder, "lab")).Refusal);
        Assert.Contains("is already a data folder (as " + Path.Combine(_folder, "lab"), roots.Add(link).Refusal);
        Assert.Contains("lies inside the data folder " + Path.Combine(_folder, "lab"), roots.Add(Path.Combine(_folder, "lab", "deeper")).Refusal);
        Assert.Contains("contains the data folder " + Path.Combine(_folder, "lab"), roots.Add(_folder).Refusal);
        Assert.Contains("enter the folder's full path", roots.Add("  ").Refusal);
        Assert.Single(Roots("lab").All); // nothing was stored
    }

    [Fact]
    public void Removing_an_added_root_keeps_its_runs_and_says_so_and_a_configured_root_is_not_removed()
    {
        string added = Folder("shared");
        var engine = EngineContext.Open(Path.Combine(_folder, "semsr.db"));
        var roots = Roots("lab-missing-is-fine");
        Assert.True(roots.Add(added).Accepted);
        var run = engine.Store.CreateRun(new RunSettings(Path.Combine(added, "sem"), ["bicubic"]),
            [new ScannedImage("c", "c/a.png", Path.Combine(added, "sem", "c", "a.png"))], 0, null);

        var (removed, message) = roots.Remove(roots.All[1]);

        Assert.True(removed);
        Assert.Contains("Its 1 run(s) are kept and their pages still open", message);
        Assert.Single(roots.All);
        Assert.NotNull(engine.Store.FindRun(run.Id));
        Assert.False(roots.Contains(Path.Combine(added, "sem")));
        var (configuredRemoved, why) = roots.Remove(roots.All[0]);
        Assert.False(configuredRemoved);
        Assert.Contains("SemSr__DataRoots__N", why);
        Assert.Single(Roots("lab-missing-is-fine").All);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
