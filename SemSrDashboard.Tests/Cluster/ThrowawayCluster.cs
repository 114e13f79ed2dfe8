namespace SemSrDashboard.Tests.Cluster;

/// <summary>One throwaway PostgreSQL server and single-node Slurm cluster for the whole test run, started through
/// <c>scripts/cluster.sh</c> in a new temporary folder and stopped (folder deleted) when the tests of
/// <see cref="ClusterCollection"/> are done, whether they passed or not. The script's watchdog also stops it if this
/// process dies before that. When it cannot start, every test that asks for it fails with the script's reason.</summary>
public sealed class ThrowawayCluster : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string> _scriptEnvironment;
    private ThrowawayPostgres? _postgres;
    private ThrowawaySlurm? _slurm;
    private string? _failure;

    public ThrowawayCluster() : this(new Dictionary<string, string>())
    {
    }

    /// <param name="scriptEnvironment">extra variables for the script (e.g. <c>SEMSR_PG_BIN</c>)</param>
    internal ThrowawayCluster(IReadOnlyDictionary<string, string> scriptEnvironment)
    {
        _scriptEnvironment = scriptEnvironment;
        Folder = NewFolderPath();
    }

    /// <summary>A folder path under the temp directory that does not exist yet, for <c>cluster.sh start --dir</c>.</summary>
    public static string NewFolderPath() => Path.Combine(Path.GetTempPath(), "semsr-cluster-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The folder holding every file of the cluster; gone after <see cref="DisposeAsync"/>.</summary>
    public string Folder { get; }

    public ThrowawayPostgres Postgres => _postgres ?? throw NotRunning();

    public ThrowawaySlurm Slurm => _slurm ?? throw NotRunning();

    public async Task InitializeAsync()
    {
        (int code, string output, string error) = await ClusterScript.RunAsync("start", Folder, _scriptEnvironment,
            "--owner-pid", Environment.ProcessId.ToString());
        if (code != 0)
        {
            _failure = $"scripts/cluster.sh start exited {code}:\n{error.Trim()}";
            return;
        }
        var exports = ClusterScript.ParseExports(output);
        _postgres = new ThrowawayPostgres(exports["SEMSR_TEST_PG"]);
        _slurm = new ThrowawaySlurm(exports["SLURM_CONF"], exports["PATH"]);
    }

    public async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        (int code, _, string error) = await ClusterScript.RunAsync("stop", Folder, _scriptEnvironment);
        if (code != 0)
            throw new InvalidOperationException($"scripts/cluster.sh stop --dir {Folder} exited {code}:\n{error}");
    }

    private InvalidOperationException NotRunning() =>
        new($"The throwaway PostgreSQL + Slurm cluster did not start, so this test cannot run. {_failure}");
}

/// <summary>Tests that use the throwaway cluster share one instance per test run.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ThrowawayCluster>
{
    public const string Name = "Throwaway cluster";
}
