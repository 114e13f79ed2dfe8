using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Runs;

/// <summary>Reads a stored run's settings back.</summary>
public static class RunRecordSettings
{
    public static RunSettings From(RunRecord run) => new(
        run.DataRoot,
        run.Methods.Split(',', StringSplitOptions.RemoveEmptyEntries),
        run.Scale,
        run.Protocol,
        run.InfoBar,
        run.LimitPerCategory,
        run.Tile,
        run.TilePad,
        run.Device,
        run.StoreOutputs,
        MetricRegistry.ParseStored(run.Metrics));
}
