using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Joins the shard runs of <c>evaluate --shard i/N</c> — one database file per task, for labs without a
/// database server — into one run, after checking that they are the shards of one run configuration and together
/// hold every image of its selection exactly once.</summary>
public static class ShardMerge
{
    private sealed record ShardFile(string File, EvaluationDatabase Database, RunRecord Run, List<ImageRecord> Images)
    {
        public string Name => $"shard {Run.ShardIndex}/{Run.ShardCount} ({File})";
    }

    /// <summary>Adds the merged run to the database <paramref name="openTarget"/> opens (only once every check has
    /// passed, so a refused merge writes nothing there) and returns its id. The merged run is completed,
    /// lists its images in path order and carries the first shard's provenance with the files it was merged from.</summary>
    /// <exception cref="InvalidRunSettingsException">The files are not the complete, completed shards of one run
    /// configuration; the message says which and why.</exception>
    public static int Merge(IReadOnlyList<string> files, Func<EvaluationDatabase> openTarget)
    {
        if (files.Count == 0)
            throw new InvalidRunSettingsException("no shard file given");
        var shards = files.Select(Open).ToList();
        Check(shards);
        return Write(shards.OrderBy(s => s.Run.ShardIndex).ToList(), openTarget());
    }

    private static ShardFile Open(string file)
    {
        if (!File.Exists(file))
            throw new InvalidRunSettingsException($"shard file not found: {file}");
        var database = EvaluationDatabase.Open(file);
        using var db = database.CreateContext();
        var runs = db.Runs.AsNoTracking().Include(r => r.Images).ToList();
        if (runs.Count != 1)
            throw new InvalidRunSettingsException($"{file} holds {runs.Count} runs; a shard file holds the one run of its task");
        var run = runs[0];
        if (run.ShardCount is null)
            throw new InvalidRunSettingsException($"run {run.Id} in {file} is not a shard (it was not made by evaluate --shard i/N)");
        return new ShardFile(file, database, run, run.Images);
    }

    private static void Check(IReadOnlyList<ShardFile> shards)
    {
        var first = shards[0];
        int count = first.Run.ShardCount!.Value;
        if (shards.FirstOrDefault(s => s.Run.ShardCount != count) is { } other)
            throw new InvalidRunSettingsException($"{first.File} is one of {count} shards but {other.File} one of {other.Run.ShardCount}");
        foreach (var twice in shards.GroupBy(s => s.Run.ShardIndex).Where(g => g.Count() > 1))
            throw new InvalidRunSettingsException($"shard {twice.Key}/{count} is given twice: {string.Join(", ", twice.Select(s => s.File))}");
        var missing = Enumerable.Range(0, count).Except(shards.Select(s => s.Run.ShardIndex!.Value)).ToList();
        if (missing.Count > 0)
            throw new InvalidRunSettingsException($"shard {string.Join(", ", missing.Select(i => $"{i}/{count}"))} missing: every shard's file is needed");

        foreach (var shard in shards.Skip(1))
            if (RunConfiguration.Difference(StoredRun.From(first.Run), StoredRun.From(shard.Run)) is { } difference)
                throw new InvalidRunSettingsException($"{first.File} and {shard.File} are not shards of one run: {difference}");

        foreach (var shard in shards.Where(s => s.Run.Status != RunStatus.Completed))
            throw new InvalidRunSettingsException($"{shard.Name} is {shard.Run.Status}; finish it first " +
                $"(evaluate --resume {shard.Run.Id} --db {shard.File})");

        var owner = new Dictionary<string, ShardFile>(StringComparer.Ordinal);
        foreach (var shard in shards)
            foreach (var image in shard.Images)
            {
                if (owner.TryGetValue(image.RelativePath, out var earlier))
                    throw new InvalidRunSettingsException($"image {image.RelativePath} is in {earlier.Name} and in {shard.Name}");
                int belongs = RunShard.Of(image.RelativePath, count);
                if (belongs != shard.Run.ShardIndex)
                    throw new InvalidRunSettingsException($"image {image.RelativePath} of {shard.Name} belongs to shard {belongs}/{count}");
                owner[image.RelativePath] = shard;
            }
        int selection = first.Run.SelectionImages ?? 0;
        if (owner.Count != selection)
            throw new InvalidRunSettingsException($"the shards hold {owner.Count} of the selection's {selection} images: " +
                $"{selection - owner.Count} missing");
    }

    private static int Write(IReadOnlyList<ShardFile> shards, EvaluationDatabase into)
    {
        var first = shards[0].Run;
        // The shards' own image rows, in path order, moved under the merged run (their old ids kept to map results).
        var images = shards.SelectMany(s => s.Images.Select(i => (Shard: s, OldId: i.Id, Image: i)))
            .OrderBy(p => p.Image.RelativePath, StringComparer.Ordinal).ToList();
        RunTransfer.Detach(images.Select(p => p.Image));
        var merged = new RunRecord
        {
            DataRoot = first.DataRoot, Methods = first.Methods, Scale = first.Scale, Protocol = first.Protocol, InfoBar = first.InfoBar,
            LimitPerCategory = first.LimitPerCategory, Tile = first.Tile, TilePad = first.TilePad, Device = first.Device,
            StoreOutputs = first.StoreOutputs, Metrics = first.Metrics, Subset = first.Subset,
            Fingerprint = (StoredRunSettings.From(StoredRun.From(first)) with { Shard = null }).Fingerprint,
            Status = RunStatus.Completed, Error = null,
            CreatedUtc = DateTime.UtcNow,
            StartedUtc = shards.Min(s => s.Run.StartedUtc), FinishedUtc = shards.Max(s => s.Run.FinishedUtc),
            Provider = first.Provider,
            Provenance = MergedProvenance(shards),
            TotalImages = images.Count, SkippedFiles = first.SkippedFiles,
            Images = images.Select(p => p.Image).ToList(),
        };

        using var to = into.CreateContext();
        using var transaction = to.Database.BeginTransaction();
        to.Runs.Add(merged);
        to.SaveChanges();
        var newIds = images.Select(p => (p.Shard, p.OldId, NewId: p.Image.Id)).ToList();
        foreach (var shard in shards)
        {
            var ids = newIds.Where(n => n.Shard == shard).ToDictionary(n => n.OldId, n => n.NewId);
            using var from = shard.Database.CreateContext();
            var results = from.Results.AsNoTracking().Where(r => r.RunId == shard.Run.Id).ToList();
            RunTransfer.Rekey(results, merged.Id, ids);
            to.Results.AddRange(results);
        }
        to.SaveChanges();
        transaction.Commit();

        var outputs = OutputStore.For(into);
        foreach (var (shard, oldId, newId) in newIds)
            OutputStore.For(shard.Database).CopyImage(shard.Run.Id, oldId, outputs, merged.Id, newId);
        // Each shard kept its own best and worst images; the merged run keeps those of the whole selection.
        if (merged.StoreOutputs == RunSettings.StoreBestWorst)
            outputs.KeepBestAndWorst(merged.Id, new ResultStore(into).Results(merged.Id), MethodList.Parse(merged.Methods)[0]);
        return merged.Id;
    }

    /// <summary>The first shard's provenance, less its own execution report, plus the files merged.</summary>
    private static string MergedProvenance(IReadOnlyList<ShardFile> shards)
    {
        var record = ProvenanceJson.Read(shards[0].Run.Provenance);
        record.Remove(ProvenanceKeys.LastExecution);
        record.Remove(ProvenanceKeys.ProcessingOrder);
        record[ProvenanceKeys.MergedFrom] = new JsonArray(shards.Select(s => (JsonNode)JsonValue.Create(
            $"{s.File} (shard {s.Run.ShardIndex}/{s.Run.ShardCount}, run {s.Run.Id}, {s.Images.Count} images)")!).ToArray());
        return record.ToJsonString();
    }
}
