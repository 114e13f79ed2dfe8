using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Cli;

/// <summary>Where <c>models fp16</c> and <c>models int8</c> write a variant: <c>--out</c>, else the first folder in
/// <c>$SEMSR_MODELS</c>; never the bundled <c>models/</c> folder.</summary>
internal static class ModelOutputFolder
{
    /// <exception cref="UsageException">No folder was given, or the bundled folder was.</exception>
    public static string Resolve(string? outOption)
    {
        string folder = Path.GetFullPath(outOption ?? DefaultFolder());
        // The bundled folder holds exactly the committed models (their cards and tests depend on it).
        if (ModelRegistry.FindBundledFolder() is { } bundled
            && Path.TrimEndingDirectorySeparator(Path.GetFullPath(bundled)) == Path.TrimEndingDirectorySeparator(folder))
            throw new UsageException($"--out {folder} is the bundled models folder; write the variant to another folder " +
                                     $"and list it in ${ModelRegistry.EnvironmentVariable}");
        return folder;
    }

    private static string DefaultFolder() =>
        Environment.GetEnvironmentVariable(ModelRegistry.EnvironmentVariable)?
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault()
        ?? throw new UsageException($"give --out DIR (and list DIR in ${ModelRegistry.EnvironmentVariable} to have the variant offered)");
}
