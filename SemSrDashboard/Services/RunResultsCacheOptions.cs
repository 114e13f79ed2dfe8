namespace SemSrDashboard.Services;

/// <summary>How often the results cache may ask the store about one run, and how long it keeps a run nobody views.</summary>
/// <param name="RefreshInterval">The least time between two queries for one run's new results, however many pages
/// view it (1 s in the dashboard).</param>
/// <param name="EvictionDelay">How long a run no page holds stays cached, so that moving from one of its pages to
/// another (or from the prerendered page to the interactive one) does not load it again.</param>
public sealed record RunResultsCacheOptions(TimeSpan RefreshInterval, TimeSpan EvictionDelay)
{
    public static RunResultsCacheOptions Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
}
