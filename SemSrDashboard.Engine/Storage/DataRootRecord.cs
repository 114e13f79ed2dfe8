namespace SemSrDashboard.Engine.Storage;

/// <summary>A data folder added from the dashboard (besides those configured in <c>SemSr:DataRoots</c>): runs and the
/// folder picker may read inside it.</summary>
public sealed class DataRootRecord
{
    public int Id { get; set; }
    /// <summary>Absolute path with every symbolic link resolved (the form the allow-list compares).</summary>
    public required string Path { get; set; }
    public DateTime AddedUtc { get; set; }
}
