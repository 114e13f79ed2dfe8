using System.Data.Common;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The reads of the runs table that a command's start-up makes (<c>runs list</c>, a run looked up by id, the unfinished run a new <c>evaluate</c> would resume), in
/// hand-written SQL on a plain connection. EF Core compiles its query pipeline on a process's first query, which costs
/// more than the rest of <c>runs list</c> together; these few reads do without it. The SQL is the same on SQLite and
/// PostgreSQL (quoted column names, <c>@</c> parameters); a test compares every column with what EF Core reads.</summary>
internal static class RunRows
{
    /// <summary>The key, then the columns in <see cref="RunWrites.RunColumns"/>' order: the reader's ordinals in
    /// <see cref="Read"/>.</summary>
    private static readonly string Columns = "\"Id\", " + string.Join(", ", RunWrites.RunColumns.Select(c => '"' + c.Name + '"'));

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
        SqlCommands.Add(command, "@id", runId);
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
        SqlCommands.Add(command, "@fingerprint", fingerprint);
        SqlCommands.Add(command, "@queued", RunStatus.Queued);
        SqlCommands.Add(command, "@running", RunStatus.Running);
        SqlCommands.Add(command, "@paused", RunStatus.Paused);
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
            using var reader = SqlCommands.Read(command);
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
            SqlCommands.Add(command, "@failed", ResultStatus.Failed);
            using var reader = SqlCommands.Read(command);
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

    private static List<RunRecord> ReadAll(DbCommand command)
    {
        using var reader = SqlCommands.Read(command);
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
