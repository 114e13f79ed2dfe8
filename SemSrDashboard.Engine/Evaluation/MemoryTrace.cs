using System.Diagnostics;

namespace SemSrDashboard.Engine.Evaluation;

/// <summary>With <c>SEMSR_MEMORY_TRACE=1</c>, writes the process's memory at the evaluator's stage boundaries to
/// standard error: resident set, its peak so far, and the managed heap (live and committed), in MiB. For finding
/// which buffers make a large image's peak; silent otherwise.</summary>
public static class MemoryTrace
{
    /// <summary>Whether tracing is on (read once per process).</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("SEMSR_MEMORY_TRACE") == "1";

    /// <summary>One line for <paramref name="stage"/> when tracing is on.</summary>
    public static void Mark(string stage)
    {
        if (!Enabled) return;
        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        const double mib = 1 << 20;
        Console.Error.WriteLine(
            $"memory {stage}: rss {process.WorkingSet64 / mib:F0} MiB, peak {process.PeakWorkingSet64 / mib:F0} MiB, " +
            $"managed live {GC.GetTotalMemory(false) / mib:F0} MiB, committed {gc.TotalCommittedBytes / mib:F0} MiB");
    }
}
