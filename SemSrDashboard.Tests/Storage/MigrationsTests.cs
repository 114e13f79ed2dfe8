using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Storage;

/// <summary>The migrations match the model, and the one-script schema of a new database matches the migrations.</summary>
public sealed class MigrationsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-migrations-").FullName;

    [Fact]
    public void NewDatabaseScript_IsTheScriptEfCoreGeneratesForEveryMigration()
    {
        // Regenerate with scripts/compiled-model.sh after adding a migration.
        using var db = DatabaseProbe.Context(Path.Combine(_folder, "probe.db"));
        string efCore = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.NoTransactions);
        Assert.Equal(Lines(efCore), Lines(NewDatabaseScript.Sql));
        Assert.Equal(SchemaUpgrade.KnownMigrations.Value, NewDatabaseScript.Migrations());
        Assert.True(NewDatabaseScript.Covers(SchemaUpgrade.KnownMigrations.Value));
        Assert.False(NewDatabaseScript.Covers(SchemaUpgrade.KnownMigrations.Value.SkipLast(1).ToList()));
    }

    [Fact]
    public void NewDatabase_OpenedFromTheScript_HasTheSchemaTheMigratorGives()
    {
        string scripted = Path.Combine(_folder, "scripted.db");
        string migrated = Path.Combine(_folder, "migrated.db");
        EvaluationDatabase.Open(scripted);
        using (var db = DatabaseProbe.Context(migrated))
            db.Database.Migrate();

        var expected = Schema(migrated);
        Assert.Contains(expected, o => o.StartsWith("table runs ", StringComparison.Ordinal)); // the comparison sees tables
        Assert.Equal(expected, Schema(scripted));
        Assert.Equal(History(migrated), History(scripted));
        Assert.Equal(SchemaUpgrade.KnownMigrations.Value, History(scripted));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static List<string> Lines(string sql) =>
        sql.TrimStart('\uFEFF').ReplaceLineEndings("\n").Trim().Split('\n').Select(l => l.TrimEnd()).ToList();

    /// <summary>Every table, index and trigger with its SQL, except EF Core's lock table, which only its own
    /// <c>Migrate()</c> (not the product's start-up, see SchemaUpgrade) creates.</summary>
    private static List<string> Schema(string path) =>
        Query(path, $"SELECT type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE name <> '{SchemaUpgrade.LegacyLockTable}' ORDER BY type, name");

    private static List<string> History(string path) =>
        Query(path, $"SELECT \"MigrationId\" || ' ' || \"ProductVersion\" FROM \"{HistoryRepository.DefaultTableName}\" ORDER BY 1")
            .Select(row => row.Split(' ')[0]).ToList();

    private static List<string> Query(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(reader.GetString(0));
        return rows;
    }

    [Fact]
    public void Model_HasNoChangeMissingFromTheMigrations()
    {
        // Start-up skips EF Core's own check (it costs seconds there); a model change without a migration fails here.
        using var db = DatabaseProbe.Context(Path.Combine(Path.GetTempPath(), $"semsr-migrations-{Guid.NewGuid():N}.db"));
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration applies: add a migration");
    }

    [Fact]
    public void KnownMigrations_AreTheMigrationsEfCoreFinds()
    {
        // Start-up reads the migration ids from their attributes instead of asking EF Core; both must give the same list.
        using var db = DatabaseProbe.Context(Path.Combine(Path.GetTempPath(), $"semsr-migrations-{Guid.NewGuid():N}.db"));
        var efCore = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(efCore);
        Assert.Equal(efCore, SchemaUpgrade.KnownMigrations.Value);
    }
}
