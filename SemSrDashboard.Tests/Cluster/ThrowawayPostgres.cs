using Npgsql;

namespace SemSrDashboard.Tests.Cluster;

/// <summary>The throwaway PostgreSQL 15 server: role and database <c>semsr</c> (trust authentication, may create
/// databases) on a loopback port.</summary>
public sealed class ThrowawayPostgres(string connectionString)
{
    /// <summary>Npgsql connection string of the <c>semsr</c> database, as <c>scripts/cluster.sh env</c> exports it in
    /// <c>SEMSR_TEST_PG</c>.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>Creates an empty database of its own for one test (tests never share tables) and returns its
    /// connection string.</summary>
    public async Task<string> NewDatabaseAsync(bool pooling = true)
    {
        string name = "test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = await OpenAsync(ConnectionString))
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
            await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Pooling = pooling }.ConnectionString;
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
