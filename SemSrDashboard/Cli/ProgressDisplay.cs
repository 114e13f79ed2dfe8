using System.Globalization;
using SemSrDashboard.Engine.Runs;
using Spectre.Console;

namespace SemSrDashboard.Cli;

/// <summary>Shows a run's progress on standard error (standard output is for data): a live bar when that is a
/// terminal, otherwise a plain line at most every few seconds.</summary>
public abstract class ProgressDisplay
{
    public static ProgressDisplay Create(TextWriter error) =>
        error == Console.Error && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive
            ? new TerminalProgressDisplay()
            : new PlainProgressDisplay(error);

    /// <summary>Runs <paramref name="work"/>, giving it the callback that reports progress.</summary>
    public abstract Task<RunOutcome> RunAsync(Func<Action<RunProgress>, Task<RunOutcome>> work);

    protected static string Describe(RunProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Done}/{p.Total} images ({p.Fraction:P0}), {p.Failed} failed, {p.ImagesPerSecond:0.00} images/s, ETA {FormatEta(p.Eta)}");

    protected static string FormatEta(TimeSpan? eta) => eta switch
    {
        null => "unknown",
        { TotalHours: >= 1 } e => $"{(int)e.TotalHours}h{e.Minutes:00}m",
        var e => $"{e.Value.Minutes}m{e.Value.Seconds:00}s",
    };
}

internal sealed class PlainProgressDisplay(TextWriter output) : ProgressDisplay
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public override async Task<RunOutcome> RunAsync(Func<Action<RunProgress>, Task<RunOutcome>> work)
    {
        DateTime last = DateTime.MinValue;
        RunProgress? latest = null;
        string? printed = null;
        void Print(RunProgress p)
        {
            string line = $"progress: {Describe(p)}";
            if (line == printed)
                return; // the final snapshots repeat the last one
            printed = line;
            output.WriteLine(line);
        }
        var outcome = await work(p =>
        {
            latest = p;
            if (DateTime.UtcNow - last < Interval && p.Done < p.Total)
                return;
            last = DateTime.UtcNow;
            Print(p);
        });
        if (latest is not null)
            Print(latest);
        return outcome;
    }
}

internal sealed class TerminalProgressDisplay : ProgressDisplay
{
    public override async Task<RunOutcome> RunAsync(Func<Action<RunProgress>, Task<RunOutcome>> work)
    {
        RunOutcome? outcome = null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("evaluating");
                outcome = await work(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"{p.Done}/{p.Total} · {p.Failed} failed · {p.ImagesPerSecond:0.00} img/s · ETA {FormatEta(p.Eta)}"));
                });
            });
        return outcome!;
    }
}
