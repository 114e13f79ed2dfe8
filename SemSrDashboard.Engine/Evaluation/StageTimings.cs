using System.Collections.Concurrent;
using System.Diagnostics;

namespace SemSrDashboard.Engine.Evaluation;

/// <summary>Wall-clock time spent per pipeline stage, summed over images (thread-safe). Filled only when a
/// benchmark asks for it.</summary>
public sealed class StageTimings
{
    public const string Decode = "decode";
    public const string InfoBar = "info bar";
    public const string Degrade = "degrade";
    public const string Metrics = "metrics";
    public const string Database = "database";

    private readonly ConcurrentDictionary<string, (int Count, long Ticks)> _stages = new(StringComparer.Ordinal);

    public void Add(string stage, TimeSpan elapsed) =>
        _stages.AddOrUpdate(stage, (1, elapsed.Ticks), (_, v) => (v.Count + 1, v.Ticks + elapsed.Ticks));

    /// <summary>Runs <paramref name="work"/> and adds its duration to <paramref name="stage"/>.</summary>
    public T Time<T>(string stage, Func<T> work)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            Add(stage, Stopwatch.GetElapsedTime(start));
        }
    }

    /// <summary>Mean seconds per call of each stage, in first-seen order of the well-known stages then the rest.</summary>
    public IReadOnlyList<(string Stage, int Count, double MeanSeconds)> Summary() =>
        _stages.Select(s => (s.Key, s.Value.Count, TimeSpan.FromTicks(s.Value.Ticks).TotalSeconds / s.Value.Count))
            .OrderBy(s => Array.IndexOf([Decode, InfoBar, Degrade], s.Key) is int i and >= 0 ? i : s.Key == Metrics ? 100 : s.Key == Database ? 101 : 50)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
}
