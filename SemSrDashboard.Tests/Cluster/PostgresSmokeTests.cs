using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace SemSrDashboard.Tests.Cluster;

/// <summary>The throwaway PostgreSQL server through Npgsql: what the shared store will rely on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresSmokeTests(ThrowawayCluster cluster)
{
    /// <summary>Metric values the store must keep bit for bit: the IEEE specials, signed zero, a subnormal, the
    /// extremes and values with no short decimal form.</summary>
    private static readonly double[] Samples =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 0.1, 1.0 / 3.0, Math.PI,
        48.130803608679104, 0.9999999999999999, double.Epsilon, -2.5e-310, double.MaxValue, double.MinValue,
    ];

    [Fact]
    public async Task DoublePrecision_RoundTripsEverySampleExactly()
    {
        await using var connection = await ThrowawayPostgres.OpenAsync(await cluster.Postgres.NewDatabaseAsync());
        await Execute(connection, "CREATE TABLE samples (id integer PRIMARY KEY, value double precision NOT NULL)");
        for (int i = 0; i < Samples.Length; i++)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO samples VALUES (@id, @value)", connection);
            insert.Parameters.AddWithValue("id", i);
            insert.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Double) { Value = Samples[i] });
            await insert.ExecuteNonQueryAsync();
        }

        int rows = 0;
        await using (var select = new NpgsqlCommand("SELECT id, value, value::text FROM samples ORDER BY id", connection))
        await using (var reader = await select.ExecuteReaderAsync())
        while (await reader.ReadAsync())
        {
            double expected = Samples[reader.GetInt32(0)];
            double read = reader.GetDouble(1);
            string serverText = reader.GetString(2);
            // The server's own text form is an independent witness of what it stored: PostgreSQL 15 prints the
            // shortest decimal that reads back to the same double, and its words for the specials.
            if (double.IsNaN(expected))
            {
                Assert.True(double.IsNaN(read));
                Assert.Equal("NaN", serverText);
            }
            else
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(read));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(ParseServerText(serverText)));
            }
            rows++;
        }
        Assert.Equal(Samples.Length, rows);
        Assert.Equal(1L, await Scalar<long>(connection, "SELECT count(*) FROM samples WHERE value = 'Infinity'::float8"));
        Assert.Equal(1L, await Scalar<long>(connection, "SELECT count(*) FROM samples WHERE value = '-Infinity'::float8"));
        Assert.Equal(1L, await Scalar<long>(connection, "SELECT count(*) FROM samples WHERE value = 'NaN'::float8"));
    }

    /// <summary>The EF Core provider the shared store will use (Npgsql.EntityFrameworkCore.PostgreSQL 10.0.3, built
    /// against EF Core 10.0.4) works with the EF Core 10.0.15 the project pins: it creates a schema and keeps doubles.</summary>
    [Fact]
    public async Task EfCoreProvider_CreatesTheSchema_AndRoundTripsEverySample()
    {
        var options = new DbContextOptionsBuilder<SampleContext>().UseNpgsql(await cluster.Postgres.NewDatabaseAsync()).Options;
        await using (var db = new SampleContext(options))
        {
            Assert.True(await db.Database.EnsureCreatedAsync());
            db.Samples.AddRange(Samples.Select((value, i) => new Sample { Id = i + 1, Value = value }));
            await db.SaveChangesAsync();
        }
        await using (var db = new SampleContext(options))
        {
            var read = await db.Samples.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Value).ToListAsync();
            Assert.Equal(Samples.Select(BitConverter.DoubleToInt64Bits).Select(NormalNaN),
                read.Select(BitConverter.DoubleToInt64Bits).Select(NormalNaN));
            Assert.Equal(1, await db.Samples.CountAsync(s => s.Value == double.PositiveInfinity));
        }
    }

    /// <summary>The migration lock: a session-level advisory lock held by one connection blocks another, and is
    /// released when the holder's backend dies (here <c>pg_terminate_backend</c>, as when a process is killed).</summary>
    [Fact]
    public async Task AdvisoryLock_BlocksAnotherSession_UntilTheHoldersBackendIsTerminated()
    {
        const long Key = 0x53656d5372; // any fixed bigint
        string database = await cluster.Postgres.NewDatabaseAsync(pooling: false);
        await using var holder = await ThrowawayPostgres.OpenAsync(database);
        await using var waiter = await ThrowawayPostgres.OpenAsync(database);
        await using var observer = await ThrowawayPostgres.OpenAsync(database);
        int holderPid = holder.ProcessID, waiterPid = waiter.ProcessID;

        await Execute(holder, $"SELECT pg_advisory_lock({Key})");
        Assert.False(await Scalar<bool>(waiter, $"SELECT pg_try_advisory_lock({Key})"));

        var waiting = Scalar<object>(waiter, $"SELECT pg_advisory_lock({Key})");
        string waiterLocks = $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = {waiterPid} AND ";
        await Poll.UntilAsync(async () => await Scalar<long>(observer, waiterLocks + "NOT granted") == 1,
            "the second session to wait for the lock");
        Assert.False(waiting.IsCompleted);

        Assert.True(await Scalar<bool>(observer, $"SELECT pg_terminate_backend({holderPid})"));
        await waiting.WaitAsync(Poll.Limit);
        Assert.Equal(1L, await Scalar<long>(observer, waiterLocks + "granted"));
        Assert.Equal(0L, await Scalar<long>(observer, $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = {holderPid}"));
        var lost = await Assert.ThrowsAnyAsync<NpgsqlException>(() => Execute(holder, "SELECT 1"));
        Assert.Contains("terminat", lost.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every NaN as the one bit pattern .NET uses, since a NaN's payload is not a value.</summary>
    private static long NormalNaN(long bits) =>
        double.IsNaN(BitConverter.Int64BitsToDouble(bits)) ? BitConverter.DoubleToInt64Bits(double.NaN) : bits;

    private sealed class Sample
    {
        public int Id { get; set; }
        public double Value { get; set; }
    }

    private sealed class SampleContext(DbContextOptions<SampleContext> options) : DbContext(options)
    {
        public DbSet<Sample> Samples => Set<Sample>();
    }

    private static double ParseServerText(string text) => text switch
    {
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
