using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>Every metric the product computes, in column order. The statistics, the long CSV, the command line and
/// the dashboard enumerate this list instead of naming metrics one by one.</summary>
public static class MetricRegistry
{
    public const string Psnr = MetricIds.Psnr;
    public const string Ssim = MetricIds.Ssim;
    public const string SsimSkimage = MetricIds.SsimSkimage;
    public const string MsSsim = MetricIds.MsSsim;
    public const string Gmsd = MetricIds.Gmsd;
    public const string LrPsnr = MetricIds.LrPsnr;
    public const string DetailCorr = MetricIds.DetailCorr;
    public const string DetailRatio = MetricIds.DetailRatio;

    /// <summary>All registered metrics: the three computed in one pass by <see cref="ImageMetrics"/>, then the
    /// fidelity metrics in their CSV order.</summary>
    public static IReadOnlyList<MetricDescriptor> All { get; } =
    [
        new(Psnr, "PSNR", "dB", MetricDirection.HigherIsBetter,
            "10·log10(255²/MSE) in dB over float64 grey levels; +∞ for identical images.",
            "How close is the output to the original, pixel by pixel?", "", 2, r => r.Psnr),
        new(Ssim, "SSIM", "", MetricDirection.HigherIsBetter,
            "Wang et al. 2004: 11×11 Gaussian window σ 1.5 normalised to sum 1, population (co)variances, " +
            "C1 = (0.01·255)², C2 = (0.03·255)², mean over the valid region.",
            "Does the output keep the original's local structure?", "", 4, r => r.Ssim),
        new(SsimSkimage, "SSIM (skimage)", "", MetricDirection.HigherIsBetter,
            "scikit-image's default: 7×7 uniform window, sample covariance, 3-pixel border dropped.",
            "SSIM as scikit-image computes it by default.", "", 4, r => r.SsimSkimage),
        new(MsSsim, "MS-SSIM", "", MetricDirection.HigherIsBetter,
            "Wang, Simoncelli & Bovik 2003, five scales of the ssim metric's Gaussian SSIM, 2×2 block mean between " +
            "scales (odd last row/column dropped); Π cs_j^w_j (j ≤ 4) · ssim_5^w_5, negatives clipped to 0, " +
            "w = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333).",
            "Is the structure right at coarse as well as fine scales?",
            "the fifth scale has a side under 11 pixels (an original under 176 pixels a side)", 4, r => r.MsSsim),
        new(Gmsd, "GMSD", "", MetricDirection.LowerIsBetter,
            "Xue et al. 2014 on the pair shrunk once by a 2×2 block mean: Prewitt gradients (/3, valid region), " +
            "GMS = (2·mX·mY + 170)/(mX² + mY² + 170), population standard deviation of GMS. Lower is better.",
            "How unevenly are the edges distorted? (0 = edges everywhere as in the original)",
            "the half-size pair has a side under 3 pixels", 4, r => r.Gmsd),
        new(LrPsnr, "LR-PSNR", "dB", MetricDirection.HigherIsBetter,
            "PSNR between the 8-bit output shrunk by the run's degradation (INTER_AREA, ÷scale) and the LR input the " +
            "method received.",
            "Does the output explain the low-resolution image it was made from?", "", 2, r => r.LrPsnr),
        new(DetailCorr, "detail corr", "", MetricDirection.HigherIsBetter,
            "Each image minus its mean, 2-D DFT without window, band r = √(fx² + fy²) > 0.5/scale cycles per pixel " +
            "(above the LR image's Nyquist frequency); normalised correlation Σ HX·HY / √(Σ HX² · Σ HY²) of the two " +
            "band-passed images. 1 = the added detail is the specimen's, 0 = unrelated to it.",
            "Is the fine detail the output adds the specimen's own?",
            "the original or the output has no energy above the LR Nyquist frequency", 4, r => r.DetailCorr),
        new(DetailRatio, "detail ratio", "", MetricDirection.Neutral,
            "Σ HY² / Σ HX² in the band of detail_corr: the share of the original's fine-detail energy the output " +
            "carries (≪ 1 blurred; ≈ 1 with a high detail_corr restored; high with a low detail_corr invented). " +
            "Read it with detail_corr: more is better only while the detail is the specimen's.",
            "How much fine detail does the output carry, relative to the original?",
            "the original has no energy above the LR Nyquist frequency", 4, r => r.DetailRatio),
    ];

    /// <summary>The metrics computed by every run of either protocol, and all that runs stored before the fidelity
    /// metrics existed.</summary>
    public static IReadOnlyList<string> CoreIds => MetricIds.Core;

    /// <summary>The fidelity metrics, in their CSV order (after the core columns).</summary>
    public static IReadOnlyList<string> FidelityIds => MetricIds.Fidelity;

    public static IReadOnlyList<string> AllIds { get; } = All.Select(m => m.Id).ToList();

    private static readonly Dictionary<string, MetricDescriptor> ById = All.ToDictionary(m => m.Id, StringComparer.Ordinal);

    public static bool IsKnown(string? id) => id is not null && ById.ContainsKey(id);

    /// <exception cref="ArgumentException">Not a registered id.</exception>
    public static MetricDescriptor Get(string id) => ById.TryGetValue(id, out var metric)
        ? metric
        : throw new ArgumentException($"unknown metric '{id}' (known: {string.Join(", ", AllIds)})", nameof(id));

    public static MetricDescriptor? Find(string? id) => id is not null && ById.TryGetValue(id, out var metric) ? metric : null;

    /// <summary>A run's metric list from a user's comma-separated choice: the core metrics always (one pass computes
    /// them, and rankings and kept outputs rely on PSNR), then the chosen fidelity metrics, all in registry order.
    /// Empty or null = every registered metric.</summary>
    /// <exception cref="ArgumentException">An unknown id; the message lists the known ones.</exception>
    public static IReadOnlyList<string> Choose(IEnumerable<string>? ids)
    {
        var chosen = new HashSet<string>(CoreIds, StringComparer.Ordinal);
        bool any = false;
        foreach (string raw in ids ?? [])
        {
            string id = raw.Trim();
            if (id.Length == 0)
                continue;
            any = true;
            if (!IsKnown(id))
                throw new ArgumentException($"unknown metric '{id}' (known: {string.Join(", ", AllIds)})");
            chosen.Add(id);
        }
        return any ? AllIds.Where(chosen.Contains).ToList() : AllIds;
    }

    /// <summary>Parses a run's stored metric list; null or empty (a run stored before the list existed) = the core metrics.</summary>
    public static IReadOnlyList<string> ParseStored(string? stored) => MetricIds.ParseStored(stored);

    /// <summary>The descriptors of a run's metric list, in registry order.</summary>
    public static IReadOnlyList<MetricDescriptor> Of(IEnumerable<string> ids)
    {
        var set = ids.ToHashSet(StringComparer.Ordinal);
        return All.Where(m => set.Contains(m.Id)).ToList();
    }
}
