using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Evaluation;

/// <summary>The outcome of one image: the image with what was learned about it (sizes, info-bar rows, bit depth, as far
/// as the evaluation got) and one score per method.</summary>
public sealed record ImageEvaluation(StoredImage Image, IReadOnlyList<MethodScore> Results)
{
    public bool Failed => Results.Any(r => r.Status == ResultStatus.Failed);
}
