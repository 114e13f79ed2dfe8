using System.Globalization;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;

namespace SemSrDashboard.Components.FineTune;

/// <summary>The Fine-tune dialog's fields and their checks, apart from the markup (so they are tested without a
/// browser). The checks are those of <c>models finetune</c>: <see cref="FineTunePlanner"/> gives the id refusals,
/// and runs all of them again when the job starts.</summary>
public sealed class FineTuneForm
{
    /// <summary>Default for the held-out PSNR interval: often enough for a curve, rare enough to cost little.</summary>
    public const int DefaultValidateEvery = 50;

    public string? BaseId { get; set; }
    public string? DataRoot { get; set; }
    public string NewId { get; set; } = "";
    public double HeldOutFraction { get; set; } = DataSplitter.DefaultHeldOutFraction;
    public long Seed { get; set; } = 1;
    /// <summary>True: the budget is <see cref="Minutes"/>; false: <see cref="Steps"/>.</summary>
    public bool BudgetInMinutes { get; set; }
    public long Steps { get; set; } = FineTuneSettings.DefaultSteps;
    public double Minutes { get; set; } = 30;
    public int Patch { get; set; } = FineTuneSettings.DefaultPatch;
    public int Batch { get; set; } = FineTuneSettings.DefaultBatch;
    public double LearningRate { get; set; } = FineTuneSettings.DefaultLearningRate;
    public int ValidateEvery { get; set; } = DefaultValidateEvery;

    /// <summary>The models training can start from: those with a verified card (a model whose ranges are guesses is
    /// refused by the planner).</summary>
    public static IReadOnlyList<RegisteredModel> BaseModels(ModelRegistry registry) =>
        [.. registry.Models.Where(m => !m.Card.Inferred)];

    /// <summary>Why <see cref="NewId"/> cannot be used (empty, malformed, taken, bundled, an interpolation); null when it can.</summary>
    public string? NewIdError(ModelRegistry registry, string outFolder) =>
        string.IsNullOrWhiteSpace(NewId)
            ? "Give the new model an id (lower-case letters, digits, '.', '_' or '-')."
            : FineTunePlanner.NewIdRefusal(NewId.Trim(), registry, outFolder) is { } refusal ? Readable(refusal) : null;

    /// <summary>Every reason the form cannot start a job yet; empty when it can.</summary>
    /// <param name="insideDataRoots">Whether a folder lies inside the dashboard's data folders.</param>
    public IReadOnlyList<string> Errors(ModelRegistry registry, string outFolder, Func<string, bool> insideDataRoots)
    {
        var errors = new List<string>();
        if (BaseId is null || registry.Find(BaseId) is null)
            errors.Add("Choose the base model.");
        if (DataRoot is null)
            errors.Add("Choose the data folder.");
        else if (!insideDataRoots(DataRoot))
            errors.Add("Choose a data folder inside one of the data roots.");
        if (NewIdError(registry, outFolder) is { } idError)
            errors.Add(idError);
        if (!(HeldOutFraction > 0 && HeldOutFraction < 1))
            errors.Add($"The held-out fraction must lie between 0 and 1 (exclusive); it is {HeldOutFraction.ToString(CultureInfo.InvariantCulture)}.");
        if (BudgetInMinutes ? !(Minutes > 0 && double.IsFinite(Minutes)) : Steps < 1)
            errors.Add(BudgetInMinutes ? "The time budget must be more than 0 minutes." : "The budget must be at least 1 step.");
        if (Patch < 4)
            errors.Add("The patch must be at least 4 pixels.");
        if (Batch < 1)
            errors.Add("The batch must hold at least 1 patch.");
        if (!(LearningRate > 0 && double.IsFinite(LearningRate)))
            errors.Add("The learning rate must be a positive number.");
        if (ValidateEvery < 0)
            errors.Add("The held-out PSNR interval must be 0 (never) or more steps.");
        return errors;
    }

    /// <summary>The request, as <c>models finetune</c> would receive it (the service adds the output folder).</summary>
    public FineTuneSettings ToSettings() => new(
        BaseId ?? "",
        DataRoot ?? "",
        NewId.Trim(),
        HeldOutFraction,
        Seed,
        Steps: BudgetInMinutes ? null : Steps,
        Minutes: BudgetInMinutes ? Minutes : null,
        Patch: Patch,
        Batch: Batch,
        LearningRate: LearningRate,
        ValidateEvery: ValidateEvery);

    /// <summary>The planner speaks in command-line options; the dialog names its fields instead.</summary>
    public static string Readable(string refusal) => refusal
        .Replace("--id", "The id", StringComparison.Ordinal)
        .Replace("--held-out", "The held-out fraction", StringComparison.Ordinal)
        .Replace("--steps", "the budget in steps", StringComparison.Ordinal)
        .Replace("--minutes", "the budget in minutes", StringComparison.Ordinal)
        .Replace("--patch", "The patch", StringComparison.Ordinal)
        .Replace("--batch", "The batch", StringComparison.Ordinal)
        .Replace("--lr", "The learning rate", StringComparison.Ordinal)
        .Replace(" or add --force to replace it", "", StringComparison.Ordinal)
        .Replace(" (or add --force)", "", StringComparison.Ordinal)
        .Replace("--force", "replace", StringComparison.Ordinal);
}
