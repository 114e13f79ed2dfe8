using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Reads a PostgreSQL connection string in either of the two forms people write — a libpq URI
/// (<c>postgresql://user:pass@host:port/db?sslmode=require</c>, <c>postgres://</c> too, parts percent-encoded) or
/// Npgsql keywords (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>, values with <c>;</c> quoted) — into Npgsql
/// keywords, and names it with the password masked.</summary>
/// <remarks>A raw <c>@</c> in a URI password is tolerated (the last <c>@</c> ends the user part); other reserved
/// characters must be percent-encoded, as in libpq. Without a connect timeout of its own the string gets
/// <see cref="DefaultConnectTimeoutSeconds"/>, so that an unreachable server is reported within seconds.</remarks>
internal sealed class PostgresConnectionString
{
    /// <summary>Seconds to wait for a connection when the string sets no timeout (Npgsql's own default is 15).</summary>
    public const int DefaultConnectTimeoutSeconds = 5;

    /// <summary>libpq URI parameter → Npgsql keyword.</summary>
    private static readonly Dictionary<string, string> UriParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["host"] = "Host", ["port"] = "Port", ["user"] = "Username", ["password"] = "Password", ["dbname"] = "Database",
        ["sslmode"] = "SSL Mode", ["connect_timeout"] = "Timeout", ["application_name"] = "Application Name",
        ["sslrootcert"] = "Root Certificate", ["sslcert"] = "SSL Certificate", ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password", ["options"] = "Options", ["target_session_attrs"] = "Target Session Attributes",
        ["passfile"] = "Passfile",
    };

    private PostgresConnectionString(string connection, string display)
    {
        Connection = connection;
        Display = display;
    }

    /// <summary>Npgsql keyword connection string, password included.</summary>
    public string Connection { get; }

    /// <summary><c>postgresql://user:***@host:port/database</c>.</summary>
    public string Display { get; }

    /// <exception cref="FormatException">The string cannot be read; the message never holds the password.</exception>
    public static PostgresConnectionString Parse(string text)
    {
        var builder = new NpgsqlConnectionStringBuilder();
        bool timeoutGiven;
        try
        {
            timeoutGiven = IsUri(text) ? ReadUri(text, builder) : ReadKeywords(text, builder);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or OverflowException)
        {
            // Npgsql's messages name the keyword, never a value.
            throw new FormatException($"cannot read the PostgreSQL connection string: {e.Message}", e);
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            builder.Host = "localhost";
        if (!timeoutGiven)
            builder.Timeout = DefaultConnectTimeoutSeconds;
        return new PostgresConnectionString(builder.ConnectionString, Mask(builder));
    }

    /// <summary>The target as a URI with the password replaced by <c>***</c> (no query parameters: they may hold other
    /// secrets such as an SSL key's password).</summary>
    private static string Mask(NpgsqlConnectionStringBuilder builder)
    {
        string user = builder.Username is { Length: > 0 } name ? Uri.EscapeDataString(name) : "";
        string password = string.IsNullOrEmpty(builder.Password) ? "" : ":***";
        string userInfo = user.Length + password.Length > 0 ? $"{user}{password}@" : "";
        string host = builder.Host!;
        if (host.Contains(':') && !host.Contains(',') && !host.StartsWith('['))
            host = $"[{host}]"; // an IPv6 address
        string port = host.Contains(',') ? "" : ":" + builder.Port.ToString(CultureInfo.InvariantCulture);
        string database = builder.Database is { Length: > 0 } db ? "/" + Uri.EscapeDataString(db) : "";
        return $"postgresql://{userInfo}{host}{port}{database}";
    }

    /// <returns>Whether the string set a connect timeout.</returns>
    private static bool ReadKeywords(string text, NpgsqlConnectionStringBuilder builder)
    {
        builder.ConnectionString = text;
        // The generic builder lists the keywords actually written (Npgsql's lists every keyword it knows).
        var written = new DbConnectionStringBuilder { ConnectionString = text };
        return written.Keys.Cast<string>().Any(IsTimeoutKeyword);
    }

    private static bool ReadUri(string text, NpgsqlConnectionStringBuilder builder)
    {
        int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        string rest = text[(schemeEnd + 3)..];

        int at = rest.LastIndexOf('@');
        int queryStart = rest.IndexOf('?', at + 1);
        string query = queryStart < 0 ? "" : rest[(queryStart + 1)..];
        if (queryStart >= 0)
            rest = rest[..queryStart];
        at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            string userInfo = rest[..at];
            rest = rest[(at + 1)..];
            int colon = userInfo.IndexOf(':');
            builder.Username = Unescape(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0)
                builder.Password = Unescape(userInfo[(colon + 1)..]);
        }

        int slash = rest.IndexOf('/');
        string hostPort = slash < 0 ? rest : rest[..slash];
        if (slash >= 0 && rest.Length > slash + 1)
            builder.Database = Unescape(rest[(slash + 1)..]);
        ReadHostPort(Unescape(hostPort), builder);

        bool timeoutGiven = false;
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            string key = Unescape(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? "" : Unescape(pair[(equals + 1)..]);
            string keyword = UriParameters.GetValueOrDefault(key, key);
            if (keyword == "SSL Mode")
                value = value.Replace("-", "", StringComparison.Ordinal); // libpq's verify-full is Npgsql's VerifyFull
            builder[keyword] = value;
            timeoutGiven |= IsTimeoutKeyword(keyword);
        }
        return timeoutGiven;
    }

    /// <summary><c>host</c>, <c>host:port</c>, <c>[::1]:port</c>, or a comma-separated list of them (passed on as it is:
    /// Npgsql reads <c>Host=a:5432,b:5433</c>).</summary>
    private static void ReadHostPort(string hostPort, NpgsqlConnectionStringBuilder builder)
    {
        if (hostPort.Length == 0)
            return;
        if (hostPort.Contains(','))
        {
            builder.Host = hostPort;
            return;
        }
        int portColon = hostPort.StartsWith('[') ? hostPort.IndexOf("]:", StringComparison.Ordinal) + 1 : hostPort.LastIndexOf(':');
        string host = portColon > 0 ? hostPort[..portColon] : hostPort;
        if (portColon > 0)
        {
            string port = hostPort[(portColon + 1)..];
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number is < 1 or > 65535)
                throw new FormatException($"'{port}' is not a port number");
            builder.Port = number;
        }
        builder.Host = host.Trim('[', ']');
    }

    public static bool IsUri(string text) =>
        text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    private static bool IsTimeoutKeyword(string keyword) =>
        keyword.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() is "timeout" or "connecttimeout" or "connectiontimeout";

    private static string Unescape(string part) => Uri.UnescapeDataString(part);
}
