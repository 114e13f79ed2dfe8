using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Opens the results database. SQLite (the default): switches it to WAL, applies pending migrations
/// crash-safely (<see cref="SchemaUpgrade"/>), and reports and limits any wait for another process's lock.
/// PostgreSQL: see <see cref="PostgresDatabase"/>.</summary>
public sealed class EvaluationDatabase
{
    /// <summary>Seconds a statement waits for a lock held by another process before it fails.</summary>
    public const int BusyTimeoutSeconds = 30;

    private readonly Func<EvaluationDbContext> _createContext;
    private readonly Func<DbConnection> _createConnection;

    private EvaluationDatabase(DatabaseTarget target, string outputsFolder, Func<EvaluationDbContext> createContext,
        Func<DbConnection> createConnection)
    {
        Target = target;
        OutputsFolder = outputsFolder;
        _createContext = createContext;
        _createConnection = createConnection;
    }

    /// <summary>Which database this is; name it by <see cref="DatabaseTarget.Display"/> (password masked).</summary>
    public DatabaseTarget Target { get; }

    public DatabaseProvider Provider => Target.Provider;

    /// <summary>The SQLite file's absolute path.</summary>
    /// <exception cref="InvalidOperationException">The database is on a PostgreSQL server.</exception>
    public string Path => Target.FilePath;

    /// <summary>Where kept model outputs are stored (see <see cref="OutputStore"/>): beside a SQLite file
    /// (<c>&lt;file&gt;.outputs</c>), or a local folder for a PostgreSQL database.</summary>
    public string OutputsFolder { get; }

    internal static EvaluationDatabase Create(DatabaseTarget target, string outputsFolder, Func<EvaluationDbContext> createContext,
        Func<DbConnection> createConnection) =>
        new(target, outputsFolder, createContext, createConnection);

    /// <summary>Opens (creating a SQLite file if needed) and migrates <paramref name="target"/>.</summary>
    /// <exception cref="DatabaseUnavailableException">The database cannot be used; the message names it by
    /// <see cref="DatabaseTarget.Display"/> and says why.</exception>
    public static EvaluationDatabase Open(DatabaseTarget target, DatabaseOpenSettings? settings = null) =>
        target.Provider == DatabaseProvider.Postgres ? PostgresDatabase.Open(target) : Open(target.FilePath, settings);

    /// <summary>Opens (creating if needed) and migrates the SQLite database at <paramref name="path"/>.</summary>
    /// <param name="settings">How long to wait for another process's lock and where to say so (default: standard
    /// error, limit from <c>$SEMSR_LOCK_WAIT_SECONDS</c>, see <see cref="DatabaseOpenSettings"/>).</param>
    /// <exception cref="DatabaseUnavailableException">The file cannot be opened, is read-only, stayed locked by another
    /// process beyond the limit, or was written by a newer version of the application.</exception>
    public static EvaluationDatabase Open(string path, DatabaseOpenSettings? settings = null)
    {
        string full = System.IO.Path.GetFullPath(path);
        try
        {
            settings ??= DatabaseOpenSettings.FromEnvironment();
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            var wait = new LockWait(full, settings);
            // Start-up work uses one connection with a short busy timeout, so that every wait for a lock goes through
            // LockWait (reported, limited) instead of sitting silently in SQLite's busy handler.
            var startup = new SqliteConnectionStringBuilder { DataSource = full, DefaultTimeout = LockWait.AttemptSeconds, Pooling = false };
            using (var connection = new SqliteConnection(startup.ToString()))
            {
                connection.Open();
                StartupClock.Mark("database connection open");
                // SQLite silently opens a file it may not write read-only, and in WAL mode even BEGIN IMMEDIATE succeeds then.
                if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
                    throw new DatabaseUnavailableException($"cannot open database {full}: it is read-only (check the file's permissions)");
                wait.Run("its write lock (to switch it to WAL)", () => Execute(connection, "PRAGMA journal_mode=WAL;"));
                StartupClock.Mark("database in WAL mode");
                SchemaUpgrade.Apply(full, connection, wait);
                StartupClock.Mark("schema current");
                ProbeWritable(full, connection, wait);
            }
            StartupClock.Mark("database open");
            // Built at the first EF Core context: a run's own path needs none, and building the options loads EF Core.
            var options = new Lazy<DbContextOptions<EvaluationDbContext>>(() => BuildOptions(full));
            string connectionString = ConnectionString(full);
            return new EvaluationDatabase(DatabaseTarget.Sqlite(full), full + ".outputs", () => new EvaluationDbContext(options.Value),
                () => new SqliteConnection(connectionString));
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException
                                   or NotSupportedException)
        {
            throw new DatabaseUnavailableException($"cannot open database {full}: {e.Message}", e);
        }
    }

    public EvaluationDbContext CreateContext() => _createContext();

    /// <summary>An open connection for the hand-written SQL on a run's own path (<see cref="RunRows"/>,
    /// <see cref="RunWrites"/>, <see cref="ResultWrites"/>), which needs no EF Core context; on SQLite with
    /// <c>synchronous=NORMAL</c>, as every EF Core connection (see <see cref="WalNormalSync"/>).</summary>
    internal DbConnection OpenConnection()
    {
        var connection = _createConnection();
        connection.Open();
        if (Provider == DatabaseProvider.Sqlite)
            WalNormalSync.Apply(connection);
        return connection;
    }

    /// <summary>Takes and drops the write lock once, so that a read-only or locked file is reported at start-up with
    /// its reason instead of failing (or waiting) at the first result.</summary>
    private static void ProbeWritable(string path, SqliteConnection connection, LockWait wait)
    {
        try
        {
            wait.Run("its write lock", () =>
            {
                using var transaction = connection.BeginTransaction(); // BEGIN IMMEDIATE
                transaction.Rollback();
            });
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 8) // SQLITE_READONLY
        {
            throw new DatabaseUnavailableException($"cannot open database {path}: it is read-only: {e.Message}", e);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        DefaultTimeout = BusyTimeoutSeconds,
        Pooling = true,
    }.ToString();

    internal static DbContextOptions<EvaluationDbContext> BuildOptions(string path) =>
        new DbContextOptionsBuilder<EvaluationDbContext>()
            .UseSqlite(ConnectionString(path))
            .AddInterceptors(WalNormalSync.Instance, SqliteExactValues.Instance)
            .Options;

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

        internal static void Apply(System.Data.Common.DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
        }
    }
}
