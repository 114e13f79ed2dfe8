namespace SemSrDashboard.Engine.Domain;

/// <summary>Keys of a run's provenance JSON object that more than one part of the engine writes or edits.</summary>
public static class ProvenanceKeys
{
    /// <summary>The report of the run's latest execution (where its time went).</summary>
    public const string LastExecution = "last execution";

    /// <summary>The order the run evaluated its images in (seeded, stratified by category).</summary>
    public const string ProcessingOrder = "processing order";

    /// <summary>For a run merged from shard files: the files, with each shard's index and run id.</summary>
    public const string MergedFrom = "merged from";
}
