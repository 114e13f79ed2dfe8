using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>One image of a category with its result per method and its improvements of the compared model over the
/// baseline (model − baseline: positive = the model is better).</summary>
public sealed record CategoryImage(StoredImage Image, IReadOnlyDictionary<string, StoredResult> Results, double? DeltaPsnr, double? DeltaSsim)
{
    /// <summary>The compared model and the baseline the deltas are taken against (null model: none compared).</summary>
    public string? Model { get; init; }
    public string Baseline { get; init; } = Domain.MethodIds.Baseline;

    public string FileName => Image.RelativePath[(Image.RelativePath.LastIndexOf('/') + 1)..];

    /// <summary>True when a method failed on the image.</summary>
    public bool Failed => Results.Values.Any(r => r.Status != Domain.ResultStatus.Ok);

    /// <summary>The first failure's reason, if any.</summary>
    public string? Error => Results.Values.FirstOrDefault(r => r.Status != Domain.ResultStatus.Ok)?.Error;

    public StoredResult? Result(string method) => Results.GetValueOrDefault(method);
}
