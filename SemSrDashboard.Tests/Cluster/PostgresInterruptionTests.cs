using Npgsql;
using SemSrDashboard.Cli;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Cluster;

/// <summary>A run on PostgreSQL interrupted mid-way — its process killed, or its connections cut by the server — is
/// finished by running the same command again, with every (image, method) result stored exactly once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresInterruptionTests(ThrowawayCluster cluster)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private static readonly string[] Methods = ["bicubic", "rdn-slim-x4"];

    [Fact]
    public async Task A_killed_run_resumes_and_stores_every_result_once()
    {
        using var workspace = new RunWorkspace(copiesPerImage: 2);
        string database = await cluster.Postgres.NewDatabaseAsync();
        string[] evaluate = ["evaluate", "--data", workspace.Data, "--methods", string.Join(',', Methods), "--store-outputs", "none", "--db", database];

        using (var first = CliProcess.Start(workspace.Root, null, evaluate))
        {
            await Poll.UntilAsync(async () => first.HasExited || await ResultCount(database) >= 4, "the first results to be stored");
            Assert.False(first.HasExited, $"the run ended before it could be killed:\n{first.Error}");
            first.KillHard();
        }
        long stored = await ResultCount(database);
        Assert.InRange(stored, 4, workspace.ImageCount * Methods.Length - 1);

        var (code, _, error) = await CliProcess.RunAsync(workspace.Root, null, Limit, evaluate);
        Assert.True(code == ExitCodes.Completed, error);
        await AssertCompleteOnce(database, workspace.ImageCount);
    }

    [Fact]
    public async Task A_run_whose_connections_the_server_cuts_stops_with_the_reason_and_resumes()
    {
        using var workspace = new RunWorkspace(copiesPerImage: 2);
        string database = await cluster.Postgres.NewDatabaseAsync();
        string[] evaluate = ["evaluate", "--data", workspace.Data, "--methods", string.Join(',', Methods), "--store-outputs", "none", "--db", database];

        using (var first = CliProcess.Start(workspace.Root, null, evaluate))
        {
            await Poll.UntilAsync(async () => first.HasExited || await ResultCount(database) >= 4, "the first results to be stored");
            Assert.False(first.HasExited, $"the run ended before its connections could be cut:\n{first.Error}");
            await Execute(database, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
            int code = await first.WaitAsync(Limit);
            Assert.True(code == ExitCodes.Failed, $"exit {code}\n{first.Error}");
            Assert.Contains("terminat", first.Error, StringComparison.OrdinalIgnoreCase); // the server's reason
            Assert.DoesNotContain("   at ", first.Error);
        }

        var (again, _, error) = await CliProcess.RunAsync(workspace.Root, null, Limit, evaluate);
        Assert.True(again == ExitCodes.Completed, error);
        await AssertCompleteOnce(database, workspace.ImageCount);
    }

    private static async Task AssertCompleteOnce(string database, int images)
    {
        Assert.Equal(images * Methods.Length, await ResultCount(database));
        Assert.Equal(images * Methods.Length, await Scalar(database, """SELECT count(DISTINCT ("ImageId", "Method")) FROM results"""));
        Assert.Equal(0L, await Scalar(database, """SELECT count(*) FROM results WHERE "Status" <> 'ok'"""));
        Assert.Equal(1L, await Scalar(database, """SELECT count(*) FROM runs WHERE "Status" = 'completed'"""));
        Assert.Equal(1L, await Scalar(database, "SELECT count(*) FROM runs"));
    }

    /// <summary>0 while the command has not created the tables yet.</summary>
    private static async Task<long> ResultCount(string database)
    {
        try
        {
            return await Scalar(database, "SELECT count(*) FROM results");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private static async Task<long> Scalar(string database, string sql)
    {
        await using var connection = await ThrowawayPostgres.OpenAsync(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(string database, string sql)
    {
        await using var connection = await ThrowawayPostgres.OpenAsync(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
