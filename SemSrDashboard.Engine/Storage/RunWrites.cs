using System.Data.Common;
using System.Text;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The writes of the runs and images tables on a run's own path (a new run with its images, a change of a
/// run's columns), in hand-written SQL on a plain connection: EF Core's first save in a process builds its update
/// pipeline, which costs a one-image <c>evaluate</c> more than its image. A test compares every stored column, raw,
/// with what EF Core writes, on both providers.</summary>
internal static class RunWrites
{
    /// <summary>The runs table's columns except the key, in <see cref="RunRows"/>' read order.</summary>
    public static readonly (string Name, Func<RunRecord, object?> Value)[] RunColumns =
    [
        (nameof(RunRecord.DataRoot), r => r.DataRoot),
        (nameof(RunRecord.Methods), r => r.Methods),
        (nameof(RunRecord.Scale), r => r.Scale),
        (nameof(RunRecord.Protocol), r => r.Protocol),
        (nameof(RunRecord.InfoBar), r => r.InfoBar),
        (nameof(RunRecord.LimitPerCategory), r => r.LimitPerCategory),
        (nameof(RunRecord.Tile), r => r.Tile),
        (nameof(RunRecord.TilePad), r => r.TilePad),
        (nameof(RunRecord.Device), r => r.Device),
        (nameof(RunRecord.StoreOutputs), r => r.StoreOutputs),
        (nameof(RunRecord.Metrics), r => r.Metrics),
        (nameof(RunRecord.Subset), r => r.Subset),
        (nameof(RunRecord.ShardIndex), r => r.ShardIndex),
        (nameof(RunRecord.ShardCount), r => r.ShardCount),
        (nameof(RunRecord.SelectionImages), r => r.SelectionImages),
        (nameof(RunRecord.Fingerprint), r => r.Fingerprint),
        (nameof(RunRecord.Status), r => r.Status),
        (nameof(RunRecord.Error), r => r.Error),
        (nameof(RunRecord.CreatedUtc), r => r.CreatedUtc),
        (nameof(RunRecord.StartedUtc), r => r.StartedUtc),
        (nameof(RunRecord.FinishedUtc), r => r.FinishedUtc),
        (nameof(RunRecord.Provider), r => r.Provider),
        (nameof(RunRecord.Provenance), r => r.Provenance),
        (nameof(RunRecord.TotalImages), r => r.TotalImages),
        (nameof(RunRecord.SkippedFiles), r => r.SkippedFiles),
        (nameof(RunRecord.LeaseOwner), r => r.LeaseOwner),
        (nameof(RunRecord.LeaseExpiresUtc), r => r.LeaseExpiresUtc),
        (nameof(RunRecord.SlurmJobId), r => r.SlurmJobId),
    ];

    /// <summary>The images table's columns except the key.</summary>
    private static readonly (string Name, Func<ImageRecord, object?> Value)[] ImageColumns =
    [
        (nameof(ImageRecord.RunId), i => i.RunId),
        (nameof(ImageRecord.Category), i => i.Category),
        (nameof(ImageRecord.RelativePath), i => i.RelativePath),
        (nameof(ImageRecord.Width), i => i.Width),
        (nameof(ImageRecord.Height), i => i.Height),
        (nameof(ImageRecord.SourceWidth), i => i.SourceWidth),
        (nameof(ImageRecord.SourceHeight), i => i.SourceHeight),
        (nameof(ImageRecord.InfoBarRows), i => i.InfoBarRows),
        (nameof(ImageRecord.SourceBitDepth), i => i.SourceBitDepth),
        (nameof(ImageRecord.NearlyBlack), i => i.NearlyBlack),
        (nameof(ImageRecord.ClaimedBy), i => i.ClaimedBy),
        (nameof(ImageRecord.ClaimExpiresUtc), i => i.ClaimExpiresUtc),
    ];

    /// <summary>Images per INSERT statement: 200 rows of 12 values stay far below either provider's parameter limit
    /// (SQLite 32766, PostgreSQL 65535) while a run of 21,000 images needs about a hundred statements.</summary>
    private const int ImagesPerStatement = 200;

    /// <summary>Inserts <paramref name="run"/> and its <see cref="RunRecord.Images"/> in one transaction, and sets the
    /// run's new id.</summary>
    public static void InsertWithImages(DbConnection connection, RunRecord run)
    {
        using var transaction = connection.BeginTransaction();
        using (var command = SqlCommands.Create(connection, "", transaction))
        {
            command.CommandText = $"""
                INSERT INTO "runs" ({string.Join(", ", RunColumns.Select(c => Quote(c.Name)))})
                VALUES ({string.Join(", ", RunColumns.Select((_, i) => "@p" + i))}) RETURNING "Id"
                """;
            for (int i = 0; i < RunColumns.Length; i++)
                SqlCommands.Add(command, "@p" + i, RunColumns[i].Value(run));
            run.Id = Convert.ToInt32(SqlCommands.Scalar(command));
        }
        foreach (var image in run.Images)
            image.RunId = run.Id;
        foreach (var chunk in run.Images.Chunk(ImagesPerStatement))
            InsertImages(connection, transaction, chunk);
        transaction.Commit();
    }

    private static void InsertImages(DbConnection connection, DbTransaction transaction, ImageRecord[] images)
    {
        using var command = SqlCommands.Create(connection, "", transaction);
        var sql = new StringBuilder($"""INSERT INTO "images" ({string.Join(", ", ImageColumns.Select(c => Quote(c.Name)))}) VALUES """);
        for (int row = 0; row < images.Length; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (int column = 0; column < ImageColumns.Length; column++)
            {
                string name = $"@r{row}c{column}";
                sql.Append(column == 0 ? name : ", " + name);
                SqlCommands.Add(command, name, ImageColumns[column].Value(images[row]));
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        SqlCommands.Execute(command);
    }

    /// <summary>Writes the columns whose values differ between <paramref name="before"/> and
    /// <paramref name="after"/> (the same run), and no other: as EF Core's tracked save, a change of the status
    /// never overwrites a lease renewed meanwhile by another connection.</summary>
    /// <returns>Whether a row was changed (false also when nothing differed).</returns>
    public static bool Update(DbConnection connection, RunRecord before, RunRecord after)
    {
        var changed = RunColumns.Where(c => !Equals(c.Value(before), c.Value(after))).ToList();
        if (changed.Count == 0)
            return false;
        using var command = SqlCommands.Create(connection, $"""
            UPDATE "runs" SET {string.Join(", ", changed.Select((c, i) => $"{Quote(c.Name)} = @p{i}"))} WHERE "Id" = @id
            """);
        for (int i = 0; i < changed.Count; i++)
            SqlCommands.Add(command, "@p" + i, changed[i].Value(after));
        SqlCommands.Add(command, "@id", before.Id);
        return SqlCommands.Execute(command) == 1;
    }

    private static string Quote(string column) => '"' + column + '"';
}
