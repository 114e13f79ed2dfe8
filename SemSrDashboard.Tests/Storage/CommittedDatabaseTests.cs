using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Storage;

/// <summary>A database written by an earlier version (the committed <c>current-schema.db</c>, made by
/// <c>tools/fixtures/make_current_schema_db.sh</c>) opens, migrates and exports byte-identical CSV files, also after
/// <c>runs import</c> moves its run into another database.</summary>
public sealed class CommittedDatabaseTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "storage");
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-committed-db-").FullName;

    private string Copy()
    {
        string copy = Path.Combine(_work, "copy.db");
        File.Copy(Path.Combine(Fixtures, "current-schema.db"), copy);
        return copy;
    }

    private static string Expected(string name) => File.ReadAllText(Path.Combine(Fixtures, name));

    private async Task<string> Cli(params string[] args)
    {
        var (code, output, error) = await CliProcess.RunAsync(_work, null, Limit, args);
        Assert.True(code == 0, $"{string.Join(' ', args)}: exit {code}\n{error}");
        return output;
    }

    [Fact]
    public async Task Its_long_csv_and_statistics_are_byte_identical_to_those_it_gave_when_written()
    {
        string db = Copy();
        string csv = Path.Combine(_work, "long.csv");
        await Cli("export", "--db", db, "--format", "long", "--csv", csv);
        Assert.Equal(Expected("current-schema.long.csv"), File.ReadAllText(csv));
        Assert.Equal(Expected("current-schema.stats.csv"), await Cli("stats", "--db", db, "--model", "lanczos"));

        string list = await Cli("runs", "list", "--db", db);
        Assert.Contains("\tcompleted\t9/9\tbicubic,lanczos\t", list);
    }

    [Fact]
    public async Task Imported_into_another_database_its_run_exports_the_same_csv()
    {
        string target = Path.Combine(_work, "target.db");
        string csv = Path.Combine(_work, "long.csv");
        // The target holds a run already, so the imported one gets a new id.
        await Cli("evaluate", "--data", RepositoryPaths.DemoData, "--methods", "bicubic,nearest", "--metrics", "psnr",
            "--store-outputs", "none", "--limit-per-category", "1", "--db", target);
        await Cli("runs", "import", Copy(), "--db", target);
        await Cli("export", "--db", target, "--run", "2", "--format", "long", "--csv", csv);
        Assert.Equal(Expected("current-schema.long.csv"), File.ReadAllText(csv));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
