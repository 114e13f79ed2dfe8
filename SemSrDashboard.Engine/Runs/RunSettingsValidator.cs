using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Runs;

/// <summary>Checks run settings before anything is stored, so a bad run is refused with its reason.</summary>
public static class RunSettingsValidator
{
    /// <summary>Validates <paramref name="settings"/> and returns them normalised (absolute data root, bicubic first,
    /// no duplicate methods, the metric list completed with the core metrics in registry order).</summary>
    /// <exception cref="InvalidRunSettingsException">What is wrong, in words for the user.</exception>
    public static RunSettings Validate(RunSettings settings, MethodCatalog methods)
    {
        if (settings.Scale is < 2 or > 4)
            throw new InvalidRunSettingsException($"scale must be 2, 3 or 4, not {settings.Scale}");
        if (settings.Protocol is not (RunSettings.StandardProtocol or RunSettings.SeedProtocol))
            throw new InvalidRunSettingsException($"protocol must be standard or seed, not '{settings.Protocol}'");
        if (!Devices.IsKnown(settings.Device))
            throw new InvalidRunSettingsException($"device must be auto, cpu or cuda, not '{settings.Device}'");
        if (settings.StoreOutputs is not (RunSettings.StoreAll or RunSettings.StoreBestWorst or RunSettings.StoreNone))
            throw new InvalidRunSettingsException($"store outputs must be all, best-worst or none, not '{settings.StoreOutputs}'");
        if (settings.LimitPerCategory is <= 0)
            throw new InvalidRunSettingsException("--limit-per-category must be at least 1");
        if (settings.Tile < 0 || settings.TilePad < 0)
            throw new InvalidRunSettingsException("--tile and --tile-pad must not be negative");
        InfoBarSetting infoBar;
        try
        {
            infoBar = InfoBarSetting.Parse(settings.InfoBar);
        }
        catch (FormatException e)
        {
            throw new InvalidRunSettingsException(e.Message);
        }

        var methodIds = new List<string> { MethodIds.Baseline };
        foreach (string id in settings.Methods.Select(m => m.Trim()).Where(m => m.Length > 0))
        {
            if (!methods.IsKnown(id))
                throw new InvalidRunSettingsException($"unknown method '{id}' (available: {string.Join(", ", methods.Ids)})");
            if (methods.Check(id, settings) is { } problem)
                throw new InvalidRunSettingsException(problem);
            if (!methodIds.Contains(id))
                methodIds.Add(id);
        }

        IReadOnlyList<string> metrics;
        try
        {
            // The seed protocol reproduces the original study's numbers: its fidelity columns stay empty.
            metrics = settings.Protocol == RunSettings.SeedProtocol ? MetricRegistry.CoreIds : MetricRegistry.Choose(settings.Metrics);
        }
        catch (ArgumentException e)
        {
            throw new InvalidRunSettingsException(e.Message);
        }

        string root = Path.GetFullPath(settings.DataRoot);
        if (!Directory.Exists(root))
            throw new InvalidRunSettingsException($"data folder not found: {settings.DataRoot}");
        // The seed protocol never removes an info bar (the original study did not).
        string infoBarText = settings.Protocol == RunSettings.SeedProtocol ? InfoBarSetting.None.ToString() : infoBar.ToString();
        return settings with { DataRoot = root, Methods = methodIds, InfoBar = infoBarText, Metrics = metrics };
    }
}
