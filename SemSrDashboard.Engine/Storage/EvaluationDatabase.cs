using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Opens the results database: applies migrations, switches to WAL, waits on locks instead of failing.</summary>
public sealed class EvaluationDatabase
{
    /// <summary>Seconds a statement waits for a lock held by another process before it fails.</summary>
    public const int BusyTimeoutSeconds = 30;

    private readonly DbContextOptions<EvaluationDbContext> _options;

    private EvaluationDatabase(string path, DbContextOptions<EvaluationDbContext> options)
    {
        Path = path;
        _options = options;
    }

    public string Path { get; }

    /// <summary>The default database shared by the dashboard and the command line:
    /// <c>$SEMSR_DB</c>, else <c>$XDG_DATA_HOME/SemSrDashboard/semsr.db</c> (~/.local/share by default).</summary>
    public static string DefaultPath()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("SEMSR_DB");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return System.IO.Path.GetFullPath(fromEnvironment);
        string dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return System.IO.Path.Combine(dataHome, "SemSrDashboard", "semsr.db");
    }

    /// <summary>Opens (creating if needed) and migrates the database at <paramref name="path"/>.</summary>
    /// <exception cref="DatabaseUnavailableException">The file cannot be opened, is read-only, locked, or was written
    /// by a newer version of the application.</exception>
    public static EvaluationDatabase Open(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            var options = BuildOptions(full);
            var database = new EvaluationDatabase(full, options);
            using var db = database.CreateContext();
            RefuseNewerSchema(db);
            // Migrate() takes EF Core's migration lock, which for SQLite is a row in __EFMigrationsLock that a process
            // killed meanwhile never deletes; every later Migrate() then waits for it forever. Taking the lock only
            // when there is something to migrate keeps a kill -9 during an ordinary start-up from wedging the file.
            if (db.Database.GetPendingMigrations().Any())
                db.Database.Migrate();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            ProbeWritable(full);
            return database;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new DatabaseUnavailableException($"cannot open database {full}: {e.Message}", e);
        }
    }

    public EvaluationDbContext CreateContext() => new(_options);

    /// <summary>Seconds <see cref="Open"/> waits for another process's write lock before it reports the database
    /// as locked (statements afterwards wait <see cref="BusyTimeoutSeconds"/>).</summary>
    public const int StartupLockWaitSeconds = 5;

    /// <summary>Takes and drops the write lock once, so that a read-only or locked file is reported at start-up with
    /// its reason instead of failing (or waiting) at the first result.</summary>
    private static void ProbeWritable(string path)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = StartupLockWaitSeconds, Pooling = false };
        using var probe = new SqliteConnection(connection.ToString());
        probe.Open();
        // SQLite silently opens a file it may not write read-only, and in WAL mode even BEGIN IMMEDIATE succeeds then.
        if (SQLitePCL.raw.sqlite3_db_readonly(probe.Handle, "main") == 1)
            throw new DatabaseUnavailableException($"cannot open database {path}: it is read-only (check the file's permissions)");
        using var command = probe.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
        {
            throw new DatabaseUnavailableException(
                $"cannot open database {path}: it is locked by another process (waited {StartupLockWaitSeconds} s): {e.Message}", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 8) // SQLITE_READONLY
        {
            throw new DatabaseUnavailableException($"cannot open database {path}: it is read-only: {e.Message}", e);
        }
    }

    internal static DbContextOptions<EvaluationDbContext> BuildOptions(string path)
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            DefaultTimeout = BusyTimeoutSeconds,
            Pooling = true,
        };
        return new DbContextOptionsBuilder<EvaluationDbContext>()
            .UseSqlite(connection.ToString())
            .AddInterceptors(WalNormalSync.Instance)
            .Options;
    }

    /// <summary>Sets <c>synchronous=NORMAL</c> on every connection: in WAL mode a commit then waits for no fsync
    /// (the WAL is synced at checkpoints), and the file stays consistent even after power loss. A killed process
    /// loses nothing committed; a power cut may lose the last commits, which a resumed run simply recomputes.</summary>
    private sealed class WalNormalSync : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
    {
        public static readonly WalNormalSync Instance = new();

        public override void ConnectionOpened(System.Data.Common.DbConnection connection,
            Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection,
            Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(System.Data.Common.DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
        }
    }

    private static void RefuseNewerSchema(EvaluationDbContext db)
    {
        if (!File.Exists(db.Database.GetDbConnection().DataSource))
            return;
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = db.Database.GetAppliedMigrations().ToList();
        var unknown = applied.Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
            throw new DatabaseUnavailableException(
                $"the database was written by a newer version of SemSrDashboard (unknown migrations: {string.Join(", ", unknown)}); it was left unchanged");
    }
}

/// <summary>The database cannot be used; the message says why.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EvaluationDbContext>
{
    public EvaluationDbContext CreateDbContext(string[] args) =>
        new(EvaluationDatabase.BuildOptions(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "semsr-design.db")));
}
