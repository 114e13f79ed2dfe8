namespace SemSrDashboard.Engine.Storage;

/// <summary>Which database to use, parsed once from <c>--db</c>, <c>$SEMSR_DB</c> or <c>SemSr:Database</c>: a SQLite file
/// path, or a PostgreSQL connection string (<c>postgresql://user:pass@host:port/db?sslmode=…</c>, also
/// <c>postgres://</c>, or Npgsql keywords <c>Host=…;Database=…</c>).</summary>
/// <remarks>Only <see cref="Display"/> may be shown (logs, messages, the dashboard): it masks the password.</remarks>
public sealed class DatabaseTarget
{
    private DatabaseTarget(DatabaseProvider provider, string connection, string display)
    {
        Provider = provider;
        Connection = connection;
        Display = display;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>SQLite: the file's absolute path. PostgreSQL: the Npgsql keyword connection string, password included
    /// (never shown; use <see cref="Display"/>).</summary>
    public string Connection { get; }

    /// <summary>What the target is called wherever it is named: the SQLite path, or
    /// <c>postgresql://user:***@host:port/database</c> with the password masked.</summary>
    public string Display { get; }

    /// <summary>The SQLite file's absolute path.</summary>
    /// <exception cref="InvalidOperationException">The target is a PostgreSQL server.</exception>
    public string FilePath => Provider == DatabaseProvider.Sqlite ? Connection
        : throw new InvalidOperationException($"{Display} is a PostgreSQL database, not a file");

    public override string ToString() => Display;

    /// <summary>The default database shared by the dashboard and the command line: <c>$SEMSR_DB</c>, else
    /// <c>$XDG_DATA_HOME/SemSrDashboard/semsr.db</c> (~/.local/share by default).</summary>
    /// <exception cref="FormatException"><c>$SEMSR_DB</c> is a malformed PostgreSQL connection string.</exception>
    public static DatabaseTarget Default()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("SEMSR_DB");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Parse(fromEnvironment);
        return Sqlite(Path.Combine(DataHome(), "SemSrDashboard", "semsr.db"));
    }

    /// <summary>Parses <paramref name="text"/>; a relative SQLite path is taken relative to
    /// <paramref name="baseDirectory"/> (default: the current directory).</summary>
    /// <exception cref="FormatException">A PostgreSQL connection string that cannot be read; the message never holds
    /// its password.</exception>
    public static DatabaseTarget Parse(string text, string? baseDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (IsPostgres(text))
        {
            // Npgsql is loaded only here, so a SQLite start-up never pays for it.
            var postgres = PostgresConnectionString.Parse(text.Trim());
            return new DatabaseTarget(DatabaseProvider.Postgres, postgres.Connection, postgres.Display);
        }
        return Sqlite(baseDirectory is null ? Path.GetFullPath(text) : Path.GetFullPath(Path.Combine(baseDirectory, text)));
    }

    public static DatabaseTarget Sqlite(string path)
    {
        string full = Path.GetFullPath(path);
        return new DatabaseTarget(DatabaseProvider.Sqlite, full, full);
    }

    /// <summary>A URI with a PostgreSQL scheme, or keywords naming a server (<c>Host=</c> or <c>Server=</c>): a file
    /// path holding <c>;Host=</c> is not a plausible SQLite file name.</summary>
    internal static bool IsPostgres(string text)
    {
        string trimmed = text.Trim();
        if (trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)) // PostgresConnectionString.IsUri, without loading Npgsql
            return true;
        return trimmed.Contains('=') && trimmed.Split(';').Any(part =>
            part.Split('=', 2)[0].Trim() is var key
            && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary><c>$XDG_DATA_HOME</c>, else ~/.local/share.</summary>
    internal static string DataHome() => Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
        ? xdg
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
}
