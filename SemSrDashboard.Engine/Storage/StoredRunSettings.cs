using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Reads a stored run's settings back.</summary>
public static class StoredRunSettings
{
    public static RunSettings From(StoredRun run) => new(
        run.DataRoot,
        MethodList.Parse(run.Methods),
        run.Scale,
        run.Protocol,
        run.InfoBar,
        run.LimitPerCategory,
        run.Tile,
        run.TilePad,
        run.Device,
        run.StoreOutputs,
        MetricIds.ParseStored(run.Metrics),
        run.Subset?.Split('\n'),
        run.ShardCount is int count ? new RunShard(run.ShardIndex ?? 0, count) : null);
}
