using System.Diagnostics;

namespace SemSrDashboard.Tests.Cluster;

/// <summary>Waits for a condition that another process brings about, re-checking it, never for a fixed time.</summary>
public static class Poll
{
    /// <summary>Generous for a busy 2-core machine; reached only when something is wrong.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Limit)
                Assert.Fail($"timed out after {Limit.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(100);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);
}
