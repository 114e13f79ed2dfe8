using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Tests.Cluster;

namespace SemSrDashboard.Tests.Storage;

/// <summary>The store contract on the throwaway PostgreSQL server (a database of its own per test), and what only
/// PostgreSQL has: its own migrations.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresStoreTests(ThrowawayCluster cluster) : StoreContract
{
    protected override Task<string> NewDatabaseAsync() => cluster.Postgres.NewDatabaseAsync();

    /// <summary><c>double precision</c> keeps NaN and both infinities.</summary>

    [Fact]
    public void The_PostgreSQL_migrations_match_the_model()
    {
        // Opening skips EF Core's own check; a model change without a PostgreSQL migration fails here.
        using var db = Database.CreateContext();
        Assert.IsType<PostgresEvaluationDbContext>(db);
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no PostgreSQL migration applies: add one");
        Assert.NotEmpty(db.Database.GetAppliedMigrations());
        Assert.Equal(db.Database.GetMigrations(), db.Database.GetAppliedMigrations());
        Assert.DoesNotContain(db.Database.GetMigrations(), SchemaUpgrade.KnownMigrations.Value.Contains); // separate lists
    }

    [Fact]
    public void Opening_again_finds_the_schema_current_and_keeps_the_data()
    {
        int run = NewRun(["bicubic"], images: 2).Id;
        var again = EvaluationDatabase.Open(Database.Target);
        Assert.Equal(2, new ResultStore(again).FindRun(run)!.TotalImages);
    }

    [Fact]
    public void A_database_the_server_does_not_have_is_refused_with_its_masked_name()
    {
        var target = DatabaseTarget.Parse(new Npgsql.NpgsqlConnectionStringBuilder(cluster.Postgres.ConnectionString)
            { Database = "no_such_database", Password = "hunter2" }.ConnectionString);
        var refused = Assert.Throws<DatabaseUnavailableException>(() => EvaluationDatabase.Open(target));
        Assert.Contains($"cannot open database {target.Display}: the server has no such database", refused.Message);
        Assert.Contains(":***@", refused.Message);
        Assert.DoesNotContain("hunter2", refused.ToString());
    }
}
