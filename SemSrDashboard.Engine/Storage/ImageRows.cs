using System.Data.Common;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The reads a run makes before its first image (its images, the results it already has), in hand-written
/// SQL on a plain connection, for the reason <see cref="RunRows"/> gives; the store contract's tests read through them
/// on both providers.</summary>
internal static class ImageRows
{
    /// <summary>The run's images in id order (the order the run evaluates them); the worker claim columns are not
    /// read (<see cref="StoredImage"/> has none).</summary>
    public static List<StoredImage> OfRun(DbConnection connection, int runId)
    {
        using var command = SqlCommands.Create(connection, """
            SELECT "Id", "RunId", "Category", "RelativePath", "Width", "Height", "SourceWidth", "SourceHeight",
                   "InfoBarRows", "SourceBitDepth", "NearlyBlack"
            FROM "images" WHERE "RunId" = @run ORDER BY "Id"
            """);
        SqlCommands.Add(command, "@run", runId);
        using var reader = SqlCommands.Read(command);
        var images = new List<StoredImage>();
        while (reader.Read())
        {
            images.Add(new StoredImage
            {
                Id = reader.GetInt32(0),
                RunId = reader.GetInt32(1),
                Category = reader.GetString(2),
                RelativePath = reader.GetString(3),
                Width = reader.GetInt32(4),
                Height = reader.GetInt32(5),
                SourceWidth = reader.GetInt32(6),
                SourceHeight = reader.GetInt32(7),
                InfoBarRows = reader.IsDBNull(8) ? null : reader.GetInt32(8),
                SourceBitDepth = reader.GetInt32(9),
                NearlyBlack = reader.GetBoolean(10),
            });
        }
        return images;
    }

    /// <summary>The status of every stored (image, method) result of the run.</summary>
    public static Dictionary<(int ImageId, string Method), string> StoredStatuses(DbConnection connection, int runId)
    {
        using var command = SqlCommands.Create(connection, """SELECT "ImageId", "Method", "Status" FROM "results" WHERE "RunId" = @run""");
        SqlCommands.Add(command, "@run", runId);
        using var reader = SqlCommands.Read(command);
        var statuses = new Dictionary<(int ImageId, string Method), string>();
        while (reader.Read())
            statuses[(reader.GetInt32(0), reader.GetString(1))] = reader.GetString(2);
        return statuses;
    }
}
