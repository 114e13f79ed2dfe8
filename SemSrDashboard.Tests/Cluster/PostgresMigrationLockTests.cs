using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace SemSrDashboard.Tests.Cluster;

/// <summary>EF Core's migration lock on PostgreSQL (Npgsql provider 10.0.3: <c>LOCK TABLE "__EFMigrationsHistory" IN
/// ACCESS EXCLUSIVE MODE</c> inside the migration's transaction) dies with the process that holds it: the server
/// aborts the transaction of a dropped connection, so a killed migrator never wedges the shared store.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresMigrationLockTests(ThrowawayCluster cluster)
{
    [Fact]
    public async Task Migrate_WaitsForALockHeldByAnotherProcess_AndProceedsOnceThatProcessIsKilled()
    {
        string connectionString = await cluster.Postgres.NewDatabaseAsync(pooling: false);
        await using (var connection = await ThrowawayPostgres.OpenAsync(connectionString))
        await using (var create = new NpgsqlCommand(
            """CREATE TABLE "__EFMigrationsHistory" ("MigrationId" character varying(150) PRIMARY KEY, "ProductVersion" character varying(32) NOT NULL)""",
            connection))
            await create.ExecuteNonQueryAsync();

        // The other migrator: a psql session that took the same lock in an open transaction and then sits idle.
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo("psql", ["-h", target.Host!, "-p", target.Port.ToString(), "-U", target.Username!,
            "-d", target.Database!, "-X", "-q", "-v", "ON_ERROR_STOP=1"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var holder = Process.Start(info)!;
        try
        {
            await holder.StandardInput.WriteLineAsync("""BEGIN; LOCK TABLE "__EFMigrationsHistory" IN ACCESS EXCLUSIVE MODE;""");
            await holder.StandardInput.FlushAsync();
            // psql buffers its output on a pipe, so the server's lock table says when the lock is held.
            var clock = Stopwatch.StartNew();
            while (await Scalar(connectionString, GrantedLocks) == 0)
            {
                Assert.False(holder.HasExited, "psql ended before taking the lock");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "psql did not take the lock within 30 s");
                await Task.Delay(100);
            }

            var options = new DbContextOptionsBuilder<ProbeContext>().UseNpgsql(connectionString).Options;
            await using var db = new ProbeContext(options);
            var migrate = Task.Run(() => db.Database.Migrate());
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(migrate.IsCompleted, "the migrator did not wait for the lock another process holds");
            Assert.Equal(1L, await Scalar(connectionString,
                """SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = '__EFMigrationsHistory' AND NOT l.granted"""));

            holder.Kill(); // SIGKILL: psql cannot end its transaction; its connection simply drops
            await holder.WaitForExitAsync();
            await migrate.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!holder.HasExited)
                holder.Kill();
        }
        Assert.Equal(1L, await Scalar(connectionString, """SELECT count(*) FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20260101000000_CreateProbes'"""));
        Assert.Equal(0L, await Scalar(connectionString, "SELECT count(*) FROM probes"));
    }

    private const string GrantedLocks =
        """SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = '__EFMigrationsHistory' AND l.granted AND l.mode = 'AccessExclusiveLock'""";

    private static async Task<long> Scalar(string connectionString, string sql)
    {
        await using var connection = await ThrowawayPostgres.OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class Probe
    {
        public int Id { get; set; }
    }

    private sealed class ProbeContext(DbContextOptions<ProbeContext> options) : DbContext(options)
    {
        public DbSet<Probe> Probes => Set<Probe>();

        protected override void OnModelCreating(ModelBuilder model) => model.Entity<Probe>().ToTable("probes");
    }

    [DbContext(typeof(ProbeContext))]
    [Migration("20260101000000_CreateProbes")]
    private sealed class CreateProbes : Migration
    {
        protected override void Up(MigrationBuilder migration) =>
            migration.CreateTable("probes", table => new { Id = table.Column<int>(nullable: false) },
                constraints: table => table.PrimaryKey("PK_probes", t => t.Id));
    }
}
