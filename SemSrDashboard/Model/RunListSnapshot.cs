using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Model;

/// <summary>Every run (newest first) with its done and failed image counts, as the store held them at one moment.</summary>
public sealed record RunListSnapshot(IReadOnlyList<StoredRun> Runs, IReadOnlyDictionary<int, (int Done, int Failed)> Counts);
