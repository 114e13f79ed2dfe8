using Microsoft.Data.Sqlite;

namespace SemSrDashboard.Tests.Storage;

/// <summary>What a SQLite file holds, read with plain SQLite (no EF Core, no migration): its schema, its migration
/// history and its rows, to compare a database after a kill with the states it may legally be in.</summary>
internal sealed record DatabaseFileState(bool Exists, IReadOnlyList<string> Schema, IReadOnlyList<string> History, IReadOnlyList<string> Rows)
{
    /// <summary>The previous-schema fixture: a database written by the version before the current schema.</summary>
    public static string PreviousSchemaFixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "storage", "previous-schema.db");

    /// <summary>The fixture's last applied migration, which names its backup.</summary>
    public const string PreviousSchemaVersion = "20261125210535_InitialSchema";

    public bool HasHistory => History.Count > 0;

    public static DatabaseFileState Read(string path)
    {
        if (!File.Exists(path))
            return new(false, [], [], []);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 10 }.ToString());
        connection.Open();
        var schema = Strings(connection, "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
        var tables = Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        var history = tables.Contains("__EFMigrationsHistory")
            ? Strings(connection, """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY 1""")
            : [];
        var rows = new List<string>();
        foreach (string table in tables)
        {
            var columns = Strings(connection, $"""SELECT '"' || name || '"' FROM pragma_table_info('{table}') ORDER BY cid""");
            rows.AddRange(Strings(connection, $"""SELECT '{table}: ' || json_array({string.Join(", ", columns)}) FROM "{table}" ORDER BY 1"""));
        }
        return new(true, schema, history, rows);
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
            list.Add(reader.GetString(0));
        return list;
    }
}
