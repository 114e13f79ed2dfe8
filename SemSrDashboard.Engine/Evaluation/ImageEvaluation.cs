using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Evaluation;

/// <summary>The outcome of one image: what was learned about it and one result per method.</summary>
public sealed record ImageEvaluation(ImageRecord Image, IReadOnlyList<ResultRecord> Results)
{
    public bool Failed => Results.Any(r => r.Status == ResultStatus.Failed);
}
