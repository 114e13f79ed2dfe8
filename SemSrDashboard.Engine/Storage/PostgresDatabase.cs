using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Opens a PostgreSQL results database: checks that the server answers and the database exists, then applies
/// pending migrations. Only this class (and the connection string reader) touches Npgsql, so a SQLite start-up never
/// loads it.</summary>
/// <remarks>Migrating is safe against concurrent and killed processes without help: the Npgsql provider locks
/// <c>__EFMigrationsHistory</c> inside the migration's transaction, and the server aborts the transaction (and frees
/// the lock) of a connection whose process died. The database is never created here: on a shared server that is the
/// administrator's step (<c>createdb</c>), and a mistyped name should fail rather than start an empty store.</remarks>
internal static class PostgresDatabase
{
    public static EvaluationDatabase Open(DatabaseTarget target)
    {
        string failure = $"cannot open database {target.Display}";
        try
        {
            using (var connection = new NpgsqlConnection(target.Connection))
                connection.Open();
            StartupClock.Mark("database connection open");
            using (var db = new PostgresEvaluationDbContext(BuildOptions(target.Connection)))
            {
                var known = db.Database.GetMigrations().ToList();
                var unknown = db.Database.GetAppliedMigrations().Where(m => !known.Contains(m)).ToList();
                if (unknown.Count > 0)
                    throw new DatabaseUnavailableException(
                        $"{failure}: it was written by a newer version of SemSrDashboard (unknown migrations: {string.Join(", ", unknown)}); it was left unchanged");
                db.Database.Migrate();
            }
            StartupClock.Mark("schema current");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new DatabaseUnavailableException($"{failure}: the server has no such database (create it first, e.g. with createdb)", e);
        }
        catch (Exception e) when (e is TimeoutException || e.InnerException is TimeoutException)
        {
            int seconds = new NpgsqlConnectionStringBuilder(target.Connection).Timeout;
            throw new DatabaseUnavailableException(
                $"{failure}: the server did not answer within {seconds} s (connect_timeout in a URI, Timeout in keywords)", e);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or InvalidOperationException)
        {
            throw new DatabaseUnavailableException($"{failure}: {Reason(e)}", e);
        }
        var options = BuildOptions(target.Connection);
        return EvaluationDatabase.Create(target, OutputsFolder(target), () => new PostgresEvaluationDbContext(options),
            () => new NpgsqlConnection(target.Connection));
    }

    internal static DbContextOptions<PostgresEvaluationDbContext> BuildOptions(string connectionString) =>
        new DbContextOptionsBuilder<PostgresEvaluationDbContext>()
            .UseNpgsql(connectionString)
            // A test compares the model with the migrations (Storage/PostgresStoreTests); start-up need not.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options;

    /// <summary>Where kept model outputs of this database go: <c>$SEMSR_OUTPUTS</c>, else
    /// <c>$XDG_DATA_HOME/SemSrDashboard/outputs/&lt;host&gt;_&lt;port&gt;_&lt;database&gt;</c> (a server has no folder
    /// beside it as a SQLite file has).</summary>
    private static string OutputsFolder(DatabaseTarget target)
    {
        if (Environment.GetEnvironmentVariable("SEMSR_OUTPUTS") is { Length: > 0 } configured)
            return Path.GetFullPath(configured);
        var builder = new NpgsqlConnectionStringBuilder(target.Connection);
        string name = $"{builder.Host}_{builder.Port}_{builder.Database ?? builder.Username}";
        name = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        return Path.Combine(DatabaseTarget.DataHome(), "SemSrDashboard", "outputs", name);
    }

    /// <summary>The innermost message (Npgsql wraps a refused connection's socket error), never the connection string.</summary>
    private static string Reason(Exception e)
    {
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            string message = current.Message.TrimEnd('.');
            if (!messages.Contains(message))
                messages.Add(message);
        }
        return string.Join(": ", messages);
    }
}
