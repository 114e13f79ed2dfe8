using System.Security.Cryptography;
using System.Text;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Runs;

/// <summary>Checks a run's settings, scans its data folder and stores it as a queued run, or finds the unfinished
/// run with the same settings so that running the same command again resumes it.</summary>
public sealed class RunPlanner(ResultStore store, MethodCatalog methods)
{
    /// <summary>Resumes the unfinished run with equal settings, or (or when <paramref name="forceNew"/>) scans the
    /// data folder and stores a new queued run.</summary>
    /// <exception cref="InvalidRunSettingsException">Bad settings or a folder without images.</exception>
    public (StoredRun Run, bool Resumed) CreateOrResume(RunSettings requested, bool forceNew = false, DatasetScan? scan = null)
    {
        var settings = RunSettingsValidator.Validate(requested, methods);
        if (!forceNew && store.FindResumable(settings) is { } existing)
            return (existing, true);

        scan ??= ScanWithImages(settings.DataRoot);
        var selection = Select(scan, settings);
        var chosen = InShard(selection, settings.Shard);
        // Stored in processing order (see ProcessingOrder), the seed recorded with the run.
        int seed = ProcessingOrder.NewSeed();
        var ordered = ProcessingOrder.Stratified(chosen, seed);
        return (store.CreateRun(settings, ordered, scan.SkippedFiles, Provenance.Describe(settings, methods, seed), selection.Count), false);
    }

    /// <summary>The images of <paramref name="selection"/> that belong to <paramref name="shard"/> (all when null).</summary>
    public static IReadOnlyList<ScannedImage> InShard(IReadOnlyList<ScannedImage> selection, RunShard? shard) =>
        shard is null ? selection : selection.Where(i => shard.Contains(i.RelativePath)).ToList();

    /// <summary>The run's images before sharding: the subset's (when given), then at most the per-category limit.</summary>
    /// <exception cref="InvalidRunSettingsException">The subset names images the folder does not have.</exception>
    public static IReadOnlyList<ScannedImage> Select(DatasetScan scan, RunSettings settings)
    {
        var images = scan.Images;
        if (settings.Subset is { } subset)
        {
            var unknown = ImageSubset.Unknown(subset, images.Select(i => i.RelativePath));
            if (unknown.Count > 0)
                throw new InvalidRunSettingsException(
                    $"the subset lists {unknown.Count} image(s) that {settings.DataRoot} does not have: {ImageSubset.Describe(unknown)}");
            var wanted = subset.ToHashSet(StringComparer.Ordinal);
            images = images.Where(i => wanted.Contains(i.RelativePath)).ToList();
        }
        return ChooseSubset(images, settings.LimitPerCategory);
    }

    /// <summary>Scans <paramref name="dataRoot"/>, refusing a folder without images.</summary>
    /// <exception cref="InvalidRunSettingsException">No image in the folder.</exception>
    public static DatasetScan ScanWithImages(string dataRoot)
    {
        var scan = DatasetScanner.Scan(dataRoot);
        if (scan.Images.Count == 0)
            throw new InvalidRunSettingsException($"no images in {dataRoot} (jpg, jpeg, png, tif, tiff, bmp)");
        return scan;
    }

    /// <summary>At most <paramref name="limitPerCategory"/> images per category: those with the smallest SHA-256 of
    /// their relative path — a fixed pseudo-random subset that does not depend on file order or the machine.</summary>
    public static IReadOnlyList<ScannedImage> ChooseSubset(IReadOnlyList<ScannedImage> images, int? limitPerCategory)
    {
        if (limitPerCategory is not int limit)
            return images;
        return images.GroupBy(i => i.Category, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(i => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(i.RelativePath))), StringComparer.Ordinal).Take(limit))
            .OrderBy(i => i.RelativePath, StringComparer.Ordinal)
            .ToList();
    }
}
