using System.Data.Common;
using System.Diagnostics;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The reads of the runs table that a command's start-up makes (<c>runs list</c>, a run looked up by id, the unfinished run a new <c>evaluate</c> would resume), in
/// hand-written SQL on a plain connection. EF Core compiles its query pipeline on a process's first query, which costs
/// more than the rest of <c>runs list</c> together; these few reads do without it. The SQL is the same on SQLite and
/// PostgreSQL (quoted column names, <c>@</c> parameters); a test compares every column with what EF Core reads.</summary>
internal static class RunRows
{
    /// <summary>Where each hand-written command is reported once executed (event <see cref="CommandExecuted"/>, the
    /// <see cref="DbCommand"/> as payload), as EF Core reports its own on its diagnostic listener: a log of a database's
    /// queries sees these too.</summary>
    public static readonly DiagnosticListener Diagnostics = new(DiagnosticsName);

    /// <summary>The name of <see cref="Diagnostics"/> (a constant, so a subscriber can match it while the listener is
    /// being created).</summary>
    public const string DiagnosticsName = "SemSrDashboard.Engine.Storage";

    public const string CommandExecuted = "CommandExecuted";

    // Column order is the reader's ordinal order in Read below.
    private const string Columns = """
        "Id", "DataRoot", "Methods", "Scale", "Protocol", "InfoBar", "LimitPerCategory", "Tile", "TilePad", "Device",
        "StoreOutputs", "Metrics", "Subset", "ShardIndex", "ShardCount", "SelectionImages", "Fingerprint", "Status", "Error",
        "CreatedUtc", "StartedUtc", "FinishedUtc", "Provider", "Provenance", "TotalImages", "SkippedFiles", "LeaseOwner",
        "LeaseExpiresUtc", "SlurmJobId"
        """;

    /// <summary>Every run, newest (highest id) first, untracked.</summary>
    public static List<RunRecord> List(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT {Columns} FROM "runs" ORDER BY "Id" DESC""";
        return ReadAll(command);
    }

    /// <summary>The run with this id, untracked, or null.</summary>
    public static RunRecord? Find(DbConnection connection, int runId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT {Columns} FROM "runs" WHERE "Id" = @id""";
        AddParameter(command, "@id", runId);
        return ReadAll(command).SingleOrDefault();
    }

    /// <summary>The newest run with this settings fingerprint that is queued, running or paused, untracked, or null.</summary>
    public static RunRecord? FindUnfinished(DbConnection connection, string fingerprint)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM "runs"
            WHERE "Fingerprint" = @fingerprint AND "Status" IN (@queued, @running, @paused)
            ORDER BY "Id" DESC LIMIT 1
            """;
        AddParameter(command, "@fingerprint", fingerprint);
        AddParameter(command, "@queued", RunStatus.Queued);
        AddParameter(command, "@running", RunStatus.Running);
        AddParameter(command, "@paused", RunStatus.Paused);
        return ReadAll(command).SingleOrDefault();
    }

    /// <summary>Per run: images with a result for every method of the run, and how many of those have a failed result
    /// (grouped in SQL: one row per image, not per result).</summary>
    public static Dictionary<int, (int Done, int Failed)> CountsByRun(DbConnection connection)
    {
        var methodCounts = new Dictionary<int, int>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT "Id", "Methods" FROM "runs" """;
            using var reader = Execute(command);
            while (reader.Read())
                methodCounts[reader.GetInt32(0)] = MethodList.Parse(reader.GetString(1)).Count;
        }

        var counts = new Dictionary<int, (int Done, int Failed)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT "RunId", COUNT(*), SUM(CASE WHEN "Status" = @failed THEN 1 ELSE 0 END)
                FROM "results" GROUP BY "RunId", "ImageId"
                """;
            AddParameter(command, "@failed", ResultStatus.Failed);
            using var reader = Execute(command);
            while (reader.Read())
            {
                int runId = reader.GetInt32(0);
                if (!methodCounts.TryGetValue(runId, out int methods) || !ImageCompletion.IsDone(methods, Convert.ToInt32(reader.GetValue(1))))
                    continue;
                bool anyFailed = Convert.ToInt64(reader.GetValue(2)) > 0;
                var (done, failures) = counts.GetValueOrDefault(runId);
                counts[runId] = (done + 1, failures + (anyFailed ? 1 : 0));
            }
        }
        return counts;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static DbDataReader Execute(DbCommand command)
    {
        var reader = command.ExecuteReader();
        if (Diagnostics.IsEnabled(CommandExecuted))
            Diagnostics.Write(CommandExecuted, command);
        return reader;
    }

    private static List<RunRecord> ReadAll(DbCommand command)
    {
        using var reader = Execute(command);
        var runs = new List<RunRecord>();
        while (reader.Read())
            runs.Add(Read(reader));
        return runs;
    }

    private static RunRecord Read(DbDataReader row) => new()
    {
        Id = row.GetInt32(0),
        DataRoot = row.GetString(1),
        Methods = row.GetString(2),
        Scale = row.GetInt32(3),
        Protocol = row.GetString(4),
        InfoBar = row.GetString(5),
        LimitPerCategory = NullableInt(row, 6),
        Tile = row.GetInt32(7),
        TilePad = row.GetInt32(8),
        Device = row.GetString(9),
        StoreOutputs = row.GetString(10),
        Metrics = row.GetString(11),
        Subset = NullableString(row, 12),
        ShardIndex = NullableInt(row, 13),
        ShardCount = NullableInt(row, 14),
        SelectionImages = NullableInt(row, 15),
        Fingerprint = row.GetString(16),
        Status = row.GetString(17),
        Error = NullableString(row, 18),
        CreatedUtc = row.GetDateTime(19),
        StartedUtc = NullableTime(row, 20),
        FinishedUtc = NullableTime(row, 21),
        Provider = NullableString(row, 22),
        Provenance = NullableString(row, 23),
        TotalImages = row.GetInt32(24),
        SkippedFiles = row.GetInt32(25),
        LeaseOwner = NullableString(row, 26),
        LeaseExpiresUtc = NullableTime(row, 27),
        SlurmJobId = NullableString(row, 28),
    };

    private static int? NullableInt(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetInt32(ordinal);

    private static string? NullableString(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);

    private static DateTime? NullableTime(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetDateTime(ordinal);
}
