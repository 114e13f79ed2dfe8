using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Brings a SQLite database's schema up to date so that a process killed at any moment leaves either the old
/// schema intact or the new one complete, and no lock behind.</summary>
/// <remarks>
/// EF Core's own migration lock for SQLite is a row in <c>__EFMigrationsLock</c> that a killed process never deletes
/// (every later <c>Migrate()</c> then waits for it forever). Here the lock is SQLite's write lock instead: every pending
/// migration runs inside one <c>BEGIN IMMEDIATE</c> transaction on the migrating connection, which EF Core then uses
/// as-is (an existing transaction makes it take no lock of its own and commit nothing). The operating system releases
/// the write lock when its process dies, and SQLite rolls the unfinished transaction back: DDL is transactional in
/// SQLite. Migrations that need a command outside a transaction (SQLite table rebuilds with
/// <c>PRAGMA foreign_keys</c>) are refused by EF Core in this mode with an error, never half applied.
/// </remarks>
internal static class SchemaUpgrade
{
    /// <summary>EF Core's migration lock table for SQLite (EF Core 9 and later), left with a row by a killed process.</summary>
    public const string LegacyLockTable = "__EFMigrationsLock";

    /// <summary>The file name of the copy kept before upgrading from <paramref name="schemaVersion"/> (the id of the
    /// database's last applied migration): <c>&lt;name&gt;.bak-&lt;schemaVersion&gt;</c>.</summary>
    public static string BackupPath(string databasePath, string schemaVersion) => $"{databasePath}.bak-{schemaVersion}";

    /// <summary>Migrates the database behind <paramref name="connection"/> (open, with a short busy timeout) if any
    /// migration is pending; clears a stale EF Core lock row either way.</summary>
    public static void Apply(string databasePath, SqliteConnection connection, LockWait wait)
    {
        // The migration ids come from the migrations' attributes: asking EF Core (GetMigrations) builds its internal
        // service provider first, over a second of start-up on a busy machine for a file that is usually current.
        var known = KnownMigrations.Value;
        var applied = wait.Run("a read of its schema", () => AppliedMigrations(connection));
        RefuseNewerSchema(applied, known);
        if (known.All(applied.Contains))
        {
            // Current schema: the migrator is skipped. A lock row left by an older version only needs deleting.
            if (wait.Run("a read of its schema", () => TableExists(connection, LegacyLockTable)))
                wait.Run("its write lock", () => Execute(connection, $"""DELETE FROM "{LegacyLockTable}";"""));
            return;
        }

        using var transaction = wait.Run("its write lock (to upgrade the schema)", () => connection.BeginTransaction());
        // Another process may have upgraded the file while this one waited for the lock.
        applied = AppliedMigrations(connection);
        RefuseNewerSchema(applied, known);
        if (known.All(applied.Contains))
            return; // disposing the transaction rolls back: nothing was written
        if (applied.Count == 0 && NewDatabaseScript.Covers(known))
        {
            // A new database: the whole schema in one script, in the same transaction (so as crash-safe as the migrator).
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = NewDatabaseScript.Sql;
            create.ExecuteNonQuery();
            transaction.Commit();
            return;
        }

        using var migrating = new EvaluationDbContext(MigratingOptions(connection));
        if (applied.Count > 0)
            Backup(databasePath, BackupPath(databasePath, applied.Max(StringComparer.Ordinal)!));
        if (TableExists(connection, LegacyLockTable))
            Execute(connection, $"""DELETE FROM "{LegacyLockTable}";""");
        migrating.Database.UseTransaction(transaction);
        migrating.Database.Migrate();
        transaction.Commit();
    }

    /// <summary>The ids of the migrations compiled into this version, in order: the <see cref="MigrationAttribute"/> of
    /// every migration class of <see cref="EvaluationDbContext"/> in this assembly (what EF Core's own migrations
    /// assembly finds; a test compares the two).</summary>
    internal static readonly Lazy<IReadOnlyList<string>> KnownMigrations = new(() => typeof(EvaluationDbContext).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract
                    && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(EvaluationDbContext))
        .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToList());

    /// <summary>Copies the committed database to <paramref name="target"/> with SQLite's backup API, through a temporary
    /// file renamed into place, so that a copy under the final name is always complete. The caller holds the write
    /// lock, so nothing changes during the copy. A copy from an earlier, interrupted attempt is replaced.</summary>
    private static void Backup(string databasePath, string target)
    {
        string temporary = target + ".tmp";
        File.Delete(temporary);
        var source = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var copy = new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false };
        using (var from = new SqliteConnection(source.ToString()))
        using (var to = new SqliteConnection(copy.ToString()))
        {
            from.Open();
            to.Open();
            from.BackupDatabase(to);
        }
        using (var written = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
            written.Flush(flushToDisk: true);
        File.Move(temporary, target, overwrite: true);
    }

    private static DbContextOptions<EvaluationDbContext> MigratingOptions(SqliteConnection connection) =>
        new DbContextOptionsBuilder<EvaluationDbContext>()
            .UseSqlite(connection)
            // Migrating inside the caller's transaction is the point, not an accident. The pending-model-changes check
            // builds and compares two models (seconds of start-up on a busy machine) to catch a migration a developer
            // forgot; a test does that instead (Storage/MigrationsTests).
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.MigrationsUserTransactionWarning, RelationalEventId.PendingModelChangesWarning))
            .Options;

    private static void RefuseNewerSchema(IReadOnlyCollection<string> applied, IReadOnlyCollection<string> known)
    {
        var unknown = applied.Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
            throw new DatabaseUnavailableException(
                $"the database was written by a newer version of SemSrDashboard (unknown migrations: {string.Join(", ", unknown)}); it was left unchanged");
    }

    private static List<string> AppliedMigrations(SqliteConnection connection)
    {
        if (!TableExists(connection, HistoryRepository.DefaultTableName))
            return [];
        using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT "MigrationId" FROM "{HistoryRepository.DefaultTableName}" ORDER BY "MigrationId";""";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
            ids.Add(reader.GetString(0));
        return ids;
    }

    private static bool TableExists(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", table);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
