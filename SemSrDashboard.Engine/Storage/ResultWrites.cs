using System.Data.Common;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>One image's results written in one transaction, in hand-written SQL on a plain connection (see
/// <see cref="RunWrites"/> for why). On SQLite a metric value its REAL cannot hold is written as
/// <see cref="SqliteExactValues"/> writes it through EF Core (NULL or 0, named in <c>ExactValues</c>), so either
/// path reads it back exactly. A test compares every stored column, raw, with what EF Core writes.</summary>
internal static class ResultWrites
{
    /// <summary>The results table's columns except the key.</summary>
    private static readonly (string Name, Func<ResultRecord, object?> Value)[] Columns =
    [
        (nameof(ResultRecord.RunId), r => r.RunId),
        (nameof(ResultRecord.ImageId), r => r.ImageId),
        (nameof(ResultRecord.Method), r => r.Method),
        (nameof(ResultRecord.Psnr), r => r.Psnr),
        (nameof(ResultRecord.Ssim), r => r.Ssim),
        (nameof(ResultRecord.SsimSkimage), r => r.SsimSkimage),
        (nameof(ResultRecord.MsSsim), r => r.MsSsim),
        (nameof(ResultRecord.Gmsd), r => r.Gmsd),
        (nameof(ResultRecord.LrPsnr), r => r.LrPsnr),
        (nameof(ResultRecord.DetailCorr), r => r.DetailCorr),
        (nameof(ResultRecord.DetailRatio), r => r.DetailRatio),
        (nameof(ResultRecord.Note), r => r.Note),
        (nameof(ResultRecord.ExactValues), r => r.ExactValues),
        (nameof(ResultRecord.Status), r => r.Status),
        (nameof(ResultRecord.Error), r => r.Error),
        (nameof(ResultRecord.CreatedUtc), r => r.CreatedUtc),
        (nameof(ResultRecord.Milliseconds), r => r.Milliseconds),
    ];

    private static readonly string Insert = $"""
        INSERT INTO "results" ({string.Join(", ", Columns.Select(c => '"' + c.Name + '"'))})
        VALUES ({string.Join(", ", Columns.Select((_, i) => "@p" + i))})
        """;

    /// <summary>Updates what was learned about the image and adds the scores whose (image, method) key is not
    /// stored yet as its results; for a worker (<paramref name="workerId"/> not null) closes its claim on the
    /// image and counts the image to it when results were added. One transaction (on SQLite an IMMEDIATE one, which
    /// serialises writers). Returns how many results were added.</summary>
    public static int SaveImage(DbConnection connection, bool sqlite, StoredImage image, IReadOnlyCollection<MethodScore> scores,
        string? workerId)
    {
        using var transaction = connection.BeginTransaction();
        using (var update = SqlCommands.Create(connection, """
            UPDATE "images" SET "Width" = @width, "Height" = @height, "SourceWidth" = @sourceWidth,
                "SourceHeight" = @sourceHeight, "InfoBarRows" = @infoBarRows, "SourceBitDepth" = @bitDepth,
                "NearlyBlack" = @nearlyBlack
            WHERE "Id" = @id
            """, transaction))
        {
            SqlCommands.Add(update, "@width", image.Width);
            SqlCommands.Add(update, "@height", image.Height);
            SqlCommands.Add(update, "@sourceWidth", image.SourceWidth);
            SqlCommands.Add(update, "@sourceHeight", image.SourceHeight);
            SqlCommands.Add(update, "@infoBarRows", image.InfoBarRows);
            SqlCommands.Add(update, "@bitDepth", image.SourceBitDepth);
            SqlCommands.Add(update, "@nearlyBlack", image.NearlyBlack);
            SqlCommands.Add(update, "@id", image.Id);
            SqlCommands.Execute(update);
        }

        var existing = StoredMethods(connection, transaction, image);
        int added = 0;
        using (var insert = SqlCommands.Create(connection, Insert, transaction))
        {
            for (int i = 0; i < Columns.Length; i++)
                SqlCommands.Add(insert, "@p" + i, null);
            foreach (var score in scores)
            {
                if (!existing.Add(score.Method))
                    continue;
                var result = Row(image, score);
                for (int i = 0; i < Columns.Length; i++)
                    SqlCommands.Set(insert, "@p" + i, sqlite ? StoredOnSqlite(Columns[i], result) : Columns[i].Value(result));
                SqlCommands.Execute(insert);
                added++;
            }
        }

        if (workerId is not null)
            CloseClaim(connection, transaction, image.Id, workerId, countImage: added > 0);
        transaction.Commit();
        return added;
    }

    /// <summary>The row a score of <paramref name="image"/> is stored as (its id still unset).</summary>
    internal static ResultRecord Row(StoredImage image, MethodScore score) => new()
    {
        RunId = image.RunId,
        ImageId = image.Id,
        Method = score.Method,
        Psnr = score.Psnr,
        Ssim = score.Ssim,
        SsimSkimage = score.SsimSkimage,
        MsSsim = score.MsSsim,
        Gmsd = score.Gmsd,
        LrPsnr = score.LrPsnr,
        DetailCorr = score.DetailCorr,
        DetailRatio = score.DetailRatio,
        Note = score.Note,
        Status = score.Status,
        Error = score.Error,
        CreatedUtc = score.CreatedUtc,
        Milliseconds = score.Milliseconds,
    };

    /// <summary>A column's value as SQLite stores it: NaN and −0 of a metric replaced, and named in
    /// <c>ExactValues</c> (<see cref="SqliteExactValues"/>).</summary>
    private static object? StoredOnSqlite((string Name, Func<ResultRecord, object?> Value) column, ResultRecord result) =>
        column.Name == nameof(ResultRecord.ExactValues) ? SqliteExactValues.Describe(result)
        : SqliteExactValues.IsMetric(column.Name) ? SqliteExactValues.StoredValue((double?)column.Value(result))
        : column.Value(result);

    private static HashSet<string> StoredMethods(DbConnection connection, DbTransaction transaction, StoredImage image)
    {
        using var command = SqlCommands.Create(connection, """SELECT "Method" FROM "results" WHERE "RunId" = @run AND "ImageId" = @image""", transaction);
        SqlCommands.Add(command, "@run", image.RunId);
        SqlCommands.Add(command, "@image", image.Id);
        var methods = new HashSet<string>(StringComparer.Ordinal);
        using var reader = SqlCommands.Read(command);
        while (reader.Read())
            methods.Add(reader.GetString(0));
        return methods;
    }

    /// <summary>The claim is closed (no expiry) but keeps the worker's id: who evaluated the image.</summary>
    private static void CloseClaim(DbConnection connection, DbTransaction transaction, int imageId, string workerId, bool countImage)
    {
        using (var close = SqlCommands.Create(connection,
            """UPDATE "images" SET "ClaimExpiresUtc" = NULL WHERE "Id" = @id AND "ClaimedBy" = @worker""", transaction))
        {
            SqlCommands.Add(close, "@id", imageId);
            SqlCommands.Add(close, "@worker", workerId);
            SqlCommands.Execute(close);
        }
        if (!countImage)
            return;
        using var count = SqlCommands.Create(connection,
            """UPDATE "workers" SET "ImagesDone" = "ImagesDone" + 1 WHERE "WorkerId" = @worker""", transaction);
        SqlCommands.Add(count, "@worker", workerId);
        SqlCommands.Execute(count);
    }
}
