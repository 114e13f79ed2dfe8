using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Npgsql;
using SemSrDashboard.Cli;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Tests.Cluster;

/// <summary>The command line and the dashboard on the throwaway PostgreSQL server, checked against the same run on
/// SQLite: the same per-image CSV and statistics, runs moved both ways through run files, and the password (which the
/// server's trust authentication ignores) never shown.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresEndToEndTests(ThrowawayCluster cluster) : IDisposable
{
    private const string Password = "s3cret;@=pw";
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-pg-e2e-").FullName;

    [Fact]
    public async Task A_run_on_PostgreSQL_exports_the_same_CSV_as_on_SQLite_and_moves_both_ways()
    {
        string postgres = await NewPostgresUriAsync(), sqlite = File("sqlite.db"), lab = File("lab.db");
        // No kept outputs: on PostgreSQL they would go to the user's data folder (see PostgresDatabase.OutputsFolder).
        string[] run = ["evaluate", "--data", RepositoryPaths.DemoData, "--methods", "bicubic,rdn-slim-x4", "--store-outputs", "none"];

        var onPostgres = await Run([.. run, "--db", postgres]);
        Assert.Equal(0, onPostgres.Code);
        Assert.Contains($"database {Masked(postgres)}", onPostgres.Error);
        Assert.Equal(0, (await Run([.. run, "--db", sqlite])).Code);

        var list = await Run(["runs", "list", "--db", postgres]);
        Assert.Contains("1\tcompleted\t9/9\tbicubic,rdn-slim-x4\t", list.Output);

        var expected = await Csv(sqlite, 1, "sqlite");
        Assert.Equal(1 + 9 * 2, expected.Length);
        Assert.Equal(expected, await Csv(postgres, 1, "postgres"));
        Assert.Equal(await Stats(sqlite, 1, "sqlite"), await Stats(postgres, 1, "postgres"));

        // PostgreSQL → run file → a new SQLite database, and back into PostgreSQL from there.
        Assert.Equal(0, (await Run(["runs", "export", "1", "--out", File("from-pg.semsr"), "--db", postgres])).Code);
        Assert.Contains("as 1", (await Run(["runs", "import", File("from-pg.semsr"), "--db", lab])).Error);
        Assert.Equal(expected, await Csv(lab, 1, "lab"));
        Assert.Equal(0, (await Run(["runs", "export", "1", "--out", File("from-lab.semsr"), "--db", lab])).Code);
        Assert.Contains("as 2", (await Run(["runs", "import", File("from-lab.semsr"), "--db", postgres])).Error);
        Assert.Equal(expected, await Csv(postgres, 2, "back"));
    }

    [Fact]
    public async Task The_dashboard_on_PostgreSQL_shows_the_run_and_never_the_password()
    {
        string postgres = await NewPostgresUriAsync();
        string data = Directory.CreateDirectory(File("data")).FullName;
        RepositoryPaths.CopyDemoCategory("Nanowires", data);
        Assert.Equal(0, (await Run(["evaluate", "--data", data, "--methods", "bicubic,lanczos", "--db", postgres])).Code);

        await using var app = DashboardHost.Build(["--urls", "http://127.0.0.1:0", $"--SemSr:Database={postgres}",
            "--SemSr:DemoRun=false", $"--SemSr:DataRoots:0={data}", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        string runs = await client.GetStringAsync("/");
        string detail = await client.GetStringAsync("/runs/1");
        await app.StopAsync();

        Assert.Contains("bicubic", runs);
        Assert.Contains("lanczos", runs);
        Assert.Contains("/runs/1", runs);
        Assert.Contains("Nanowires", detail);
        Assert.DoesNotContain("s3cret", runs + detail);
    }

    [Fact]
    public async Task Shard_files_merge_into_a_PostgreSQL_database_as_the_run_one_process_makes()
    {
        string postgres = await NewPostgresUriAsync(), whole = File("whole.db");
        string[] run = ["evaluate", "--data", RepositoryPaths.DemoData, "--methods", "bicubic,lanczos", "--store-outputs", "none"];
        Assert.Equal(0, (await Run([.. run, "--db", whole])).Code);
        for (int shard = 0; shard < 2; shard++)
            Assert.Equal(0, (await Run([.. run, "--shard", $"{shard}/2", "--db", File($"shard{shard}.db")])).Code);

        var merge = await Run(["runs", "merge", File("shard0.db"), File("shard1.db"), "--into", postgres]);

        Assert.True(merge.Code == 0, merge.Error);
        Assert.Contains($"Merged 2 shards into run 1 of {Masked(postgres)}", merge.Error);
        Assert.Equal(await Csv(whole, 1, "whole"), await Csv(postgres, 1, "merged"));
    }

    [Fact]
    public async Task SEMSR_DB_may_name_a_PostgreSQL_database()
    {
        string postgres = await NewPostgresUriAsync();
        string data = Directory.CreateDirectory(File("data")).FullName;
        RepositoryPaths.CopyDemoCategory("Nanowires", data);
        var environment = new Dictionary<string, string> { ["SEMSR_DB"] = postgres };

        var (code, _, error) = await Runs.CliProcess.RunAsync(_work, environment, TimeSpan.FromMinutes(3),
            "evaluate", "--data", data, "--methods", "bicubic,lanczos");
        Assert.True(code == 0, error);
        Assert.Contains($"database {Masked(postgres)}", error);
        var list = await Runs.CliProcess.RunAsync(_work, environment, TimeSpan.FromMinutes(3), "runs", "list");
        Assert.Contains("1\tcompleted\t2/2\tbicubic,lanczos\t", list.Output);
        Assert.DoesNotContain("s3cret", error + list.Output + list.Error);
    }

    /// <summary>A new database on the throwaway server as a URI with a percent-encoded password.</summary>
    private async Task<string> NewPostgresUriAsync()
    {
        var keywords = new NpgsqlConnectionStringBuilder(await cluster.Postgres.NewDatabaseAsync());
        return $"postgresql://{keywords.Username}:{Uri.EscapeDataString(Password)}@{keywords.Host}:{keywords.Port}/{keywords.Database}";
    }

    private static string Masked(string uri) => uri.Replace(Uri.EscapeDataString(Password), "***", StringComparison.Ordinal);

    private async Task<string[]> Csv(string database, int run, string name)
    {
        string csv = File(name + ".csv");
        Assert.Equal(0, (await Run(["export", "--db", database, "--run", run.ToString(), "--csv", csv])).Code);
        return System.IO.File.ReadAllLines(csv);
    }

    private async Task<string[]> Stats(string database, int run, string name)
    {
        string csv = File(name + "-stats.csv");
        Assert.Equal(0, (await Run(["stats", "--db", database, "--run", run.ToString(), "--csv", csv])).Code);
        return System.IO.File.ReadAllLines(csv);
    }

    private static async Task<(int Code, string Output, string Error)> Run(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CommandLine.RunAsync(args, TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        Assert.DoesNotContain("s3cret", output.ToString() + error);
        Assert.True(code == 0 || args[0] != "evaluate", $"exit {code}: {error}");
        return (code, output.ToString(), error.ToString());
    }

    private string File(string name) => Path.Combine(_work, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
