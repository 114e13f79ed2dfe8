namespace SemSrDashboard.Engine.Domain;

/// <summary>The metric ids (the long CSV's column names, the <c>--metrics</c> words, the stored metric list of a run)
/// and their fixed order. The descriptors and kernels behind each id live in <c>Metrics/</c>
/// (<c>MetricRegistry</c>, whose order equals <see cref="All"/>); the ids are here because run settings and storage
/// need them below the metrics.</summary>
public static class MetricIds
{
    public const string Psnr = "psnr";
    public const string Ssim = "ssim";
    public const string SsimSkimage = "ssim_skimage";
    public const string MsSsim = "ms_ssim";
    public const string Gmsd = "gmsd";
    public const string LrPsnr = "lr_psnr";
    public const string DetailCorr = "detail_corr";
    public const string DetailRatio = "detail_ratio";

    /// <summary>Metrics every run computes (the seed protocol computes only these).</summary>
    public static IReadOnlyList<string> Core { get; } = [Psnr, Ssim, SsimSkimage];

    /// <summary>The optional full-reference fidelity metrics, in registry order.</summary>
    public static IReadOnlyList<string> Fidelity { get; } = [MsSsim, Gmsd, LrPsnr, DetailCorr, DetailRatio];

    /// <summary>Every metric id in registry order: the core metrics, then the fidelity metrics.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Core, .. Fidelity];

    public static bool IsKnown(string? id) => id is not null && All.Contains(id, StringComparer.Ordinal);

    /// <summary>Parses a run's stored metric list; null or empty (a run stored before the list existed) = the core
    /// metrics. Unknown ids are dropped.</summary>
    public static IReadOnlyList<string> ParseStored(string? stored) =>
        string.IsNullOrWhiteSpace(stored)
            ? Core
            : stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(IsKnown).ToList();
}
