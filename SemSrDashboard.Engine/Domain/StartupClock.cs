using System.Diagnostics;

namespace SemSrDashboard.Engine.Domain;

/// <summary>Start-up checkpoints for finding where a command's first second goes: with <c>SEMSR_STARTUP_TRACE=1</c>
/// each <see cref="Mark"/> writes the milliseconds since the process started (runtime start included) to standard
/// error; otherwise it does nothing.</summary>
public static class StartupClock
{
    /// <summary>Whether checkpoints are written (<c>SEMSR_STARTUP_TRACE=1</c>).</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("SEMSR_STARTUP_TRACE") == "1";

    /// <summary>Writes <c>[startup] 123 ms checkpoint</c> to standard error when <see cref="Enabled"/>.</summary>
    public static void Mark(string checkpoint)
    {
        if (!Enabled)
            return;
        double sinceStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        Console.Error.WriteLine($"[startup] {sinceStart,6:F0} ms {checkpoint}");
    }
}
