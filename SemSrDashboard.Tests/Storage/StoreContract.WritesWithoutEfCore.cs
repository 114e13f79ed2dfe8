using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

/// <summary>The run's own writes (a new run with its images, a run's changed columns, an image's results) are
/// hand-written SQL; EF Core reads them and writes the rest. The stored rows must be the rows EF Core writes from the
/// same values, column by column in their raw stored form (on SQLite: the storage class and the text of times).</summary>
public abstract partial class StoreContract
{
    [Fact]
    public void Rows_written_without_EF_Core_are_the_rows_EF_Core_writes()
    {
        var handWritten = Store.CreateRun(new RunSettings("/data/ü", [MethodIds.Baseline, "lanczos"]), Scanned(3), skippedFiles: 3,
            provenance: "{\"app\":\"x\"}");
        Assert.Equal(3, Store.Images(handWritten.Id).Select(i => i.Id).Distinct().Count());
        int byEfCore = CopyWithEfCore(handWritten.Id);
        Assert.Equal(RawRow("runs", handWritten.Id), RawRow("runs", byEfCore));
        Assert.Equal(RawImages(handWritten.Id), RawImages(byEfCore));

        Store.UpdateRun(handWritten.Id, Change);
        using (var db = Database.CreateContext())
        {
            // The same change through EF Core's change tracking: the changed record's values set on the tracked entity.
            var tracked = db.Runs.Single(r => r.Id == byEfCore);
            db.Entry(tracked).CurrentValues.SetValues(Change(StoredRun.From(tracked)));
            db.SaveChanges();
        }
        Assert.Equal(RawRow("runs", handWritten.Id), RawRow("runs", byEfCore));
        Assert.Contains("Provider=", RawRow("runs", handWritten.Id)); // the comparison sees the changed columns

        // Every metric sample (NaN, −0, ±∞, …) through both writers, with what the pipeline learned about the image.
        var mine = Store.Images(handWritten.Id);
        var theirs = Store.Images(byEfCore);
        for (int i = 0; i < mine.Count; i++)
        {
            var values = Enumerable.Range(0, MetricColumns).Select(c => (double?)Samples[(i * MetricColumns + c) % Samples.Length]).ToArray();
            var created = new DateTime(2026, 12, 3, 6, 0, i, 123, DateTimeKind.Utc).AddTicks(4567);
            MethodScore[] scores = [WithDetails(Result(MethodIds.Baseline, ResultStatus.Ok, values), created),
                WithDetails(Result("lanczos", ResultStatus.Failed, []), created)];
            Assert.Equal(2, Store.SaveImage(Learned(mine[i], i), scores, workerId: null));
            SaveWithEfCore(Learned(theirs[i], i), scores);
        }
        Assert.Equal(RawImages(handWritten.Id), RawImages(byEfCore));
        Assert.Equal(RawResults(handWritten.Id), RawResults(byEfCore));
        Assert.Contains("Width=", RawImages(handWritten.Id)[0]);
        Assert.Equal(Describe(Store.Results(byEfCore)), Describe(Store.Results(handWritten.Id)));
    }

    private static StoredRun Change(StoredRun r) => r with
    {
        Status = RunStatus.Running,
        Error = "it broke, then not",
        StartedUtc = new DateTime(2026, 12, 2, 10, 11, 12, 345, DateTimeKind.Utc).AddTicks(6789),
        FinishedUtc = new DateTime(2026, 12, 2, 23, 59, 59, DateTimeKind.Utc),
        CreatedUtc = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1),
        Provider = "CPU",
        LimitPerCategory = 7,
        LeaseOwner = "host:42",
        LeaseExpiresUtc = new DateTime(2027, 1, 1, 0, 0, 0, 500, DateTimeKind.Utc),
    };

    private static StoredImage Learned(StoredImage image, int i) => image with
    {
        Width = 1024 + i,
        Height = 768,
        SourceWidth = 1024 + i,
        SourceHeight = 840,
        InfoBarRows = i == 0 ? null : 72,
        SourceBitDepth = 16,
        NearlyBlack = i == 1,
    };

    private static MethodScore WithDetails(MethodScore result, DateTime created) => result with
    {
        CreatedUtc = created,
        Milliseconds = result.Status == ResultStatus.Ok ? 12.5 : null,
        Note = result.Status == ResultStatus.Ok ? "too small for ms_ssim" : null,
        Error = result.Status == ResultStatus.Ok ? null : "decoder said no",
    };

    /// <summary>A second run with the first one's values, images included, saved by EF Core; its id.</summary>
    private int CopyWithEfCore(int runId)
    {
        using var db = Database.CreateContext();
        var copy = db.Runs.AsNoTracking().Include(r => r.Images).Single(r => r.Id == runId);
        copy.Id = 0;
        foreach (var image in copy.Images)
            (image.Id, image.RunId) = (0, 0);
        copy.Images = copy.Images.OrderBy(i => i.RelativePath, StringComparer.Ordinal).ToList();
        db.Runs.Add(copy);
        db.SaveChanges();
        return copy.Id;
    }

    /// <summary>What <see cref="ResultStore.SaveImage(StoredImage, IReadOnlyCollection{MethodScore}, string?)"/>
    /// wrote before it was hand-written SQL: the image's columns by <c>ExecuteUpdate</c>, the results by
    /// <c>SaveChanges</c>.</summary>
    private void SaveWithEfCore(StoredImage image, IReadOnlyList<MethodScore> scores)
    {
        using var db = Database.CreateContext();
        db.Images.Where(i => i.Id == image.Id).ExecuteUpdate(s => s
            .SetProperty(i => i.Width, image.Width).SetProperty(i => i.Height, image.Height)
            .SetProperty(i => i.SourceWidth, image.SourceWidth).SetProperty(i => i.SourceHeight, image.SourceHeight)
            .SetProperty(i => i.InfoBarRows, image.InfoBarRows).SetProperty(i => i.SourceBitDepth, image.SourceBitDepth)
            .SetProperty(i => i.NearlyBlack, image.NearlyBlack));
        db.Results.AddRange(scores.Select(score => ResultWrites.Row(image, score)));
        db.SaveChanges();
    }

    private List<string> RawImages(int runId) =>
        Store.Images(runId).OrderBy(i => i.RelativePath, StringComparer.Ordinal).Select(i => RawRow("images", i.Id)).ToList();

    private List<string> RawResults(int runId)
    {
        var ids = new List<long>();
        using (var db = Database.CreateContext())
            ids.AddRange(db.Results.Where(r => r.RunId == runId).OrderBy(r => r.ImageId).ThenBy(r => r.Method).Select(r => r.Id));
        return ids.Select(id => RawRow("results", id)).ToList();
    }

    /// <summary>Every column of one row except the keys, as its provider returns it: the .NET type of the stored value
    /// (on SQLite that is the storage class: long, double, string) and its exact text.</summary>
    private string RawRow(string table, long id)
    {
        using var db = Database.CreateContext();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT * FROM "{table}" WHERE "Id" = {id.ToString(CultureInfo.InvariantCulture)}""";
        using DbDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no row {id} in {table}");
        return string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
            .Where(i => reader.GetName(i) is not ("Id" or "RunId" or "ImageId"))
            .Select(i => $"{reader.GetName(i)}={Raw(reader.GetValue(i))}"));
    }

    private static string Raw(object value) => value switch
    {
        DBNull => "null",
        double d => $"double:{BitConverter.DoubleToInt64Bits(d):x16}",
        DateTime t => $"DateTime:{t:O}/{t.Kind}",
        IFormattable f => $"{value.GetType().Name}:{f.ToString(null, CultureInfo.InvariantCulture)}",
        _ => $"{value.GetType().Name}:{value}",
    };
}
