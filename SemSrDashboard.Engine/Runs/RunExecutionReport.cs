using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SemSrDashboard.Engine.Runs;

/// <summary>Where one execution of a run spent its time: phases, how busy the workers and the writer were, how
/// full the queue between them ran, and each pipeline stage's cost. Shown by <c>evaluate --verbose</c> and stored
/// with the run's provenance as its last execution.</summary>
/// <param name="Images">Images evaluated and stored in this execution.</param>
/// <param name="Workers">Worker threads of the execution.</param>
/// <param name="SetupSeconds">From the start of the execution to the first image handed to a worker: model sessions
/// opened, the run's image list and stored results read.</param>
/// <param name="EvaluatingSeconds">From the first image handed to a worker to the last one handed out.</param>
/// <param name="DrainSeconds">From the last image handed to a worker to the last result stored: the tail in which
/// fewer images than workers are left.</param>
/// <param name="FinishSeconds">After the last result: best/worst outputs kept and the final status stored.</param>
/// <param name="WorkerBusySeconds">Summed over workers: time spent evaluating images.</param>
/// <param name="WorkerBlockedSeconds">Summed over workers: time waiting for room in the full queue (the writer was
/// slower than the workers).</param>
/// <param name="WriterBusySeconds">The writer's time storing results and reporting progress.</param>
/// <param name="WriterWaitingSeconds">The writer's time waiting for the next evaluated image (the workers were slower).</param>
/// <param name="MeanQueueDepth">Evaluated images waiting for the writer, averaged over the writer's reads.</param>
/// <param name="QueueCapacity">The queue's bound.</param>
/// <param name="Stages">Per stage: calls and total seconds, summed over workers (decode, info bar, degrade, each
/// method, metrics; the writer's storing as <c>database</c>).</param>
public sealed record RunExecutionReport(
    int Images,
    int Workers,
    double SetupSeconds,
    double EvaluatingSeconds,
    double DrainSeconds,
    double FinishSeconds,
    double WorkerBusySeconds,
    double WorkerBlockedSeconds,
    double WriterBusySeconds,
    double WriterWaitingSeconds,
    double MeanQueueDepth,
    int QueueCapacity,
    IReadOnlyList<(string Stage, int Calls, double TotalSeconds)> Stages)
{
    /// <summary>Wall time of the execution in seconds.</summary>
    public double WallSeconds => SetupSeconds + EvaluatingSeconds + DrainSeconds + FinishSeconds;

    /// <summary>Images per second over the whole execution.</summary>
    public double ImagesPerSecond => WallSeconds > 0 ? Images / WallSeconds : 0;

    /// <summary>Fraction of the workers' available time (workers × the time images were in flight) spent
    /// evaluating; the rest is blocked on the writer or idle (no image left for them, mostly in the drain).</summary>
    public double WorkerBusyFraction => Fraction(WorkerBusySeconds, Workers * (EvaluatingSeconds + DrainSeconds));

    public double WorkerBlockedFraction => Fraction(WorkerBlockedSeconds, Workers * (EvaluatingSeconds + DrainSeconds));

    public double WriterBusyFraction => Fraction(WriterBusySeconds, EvaluatingSeconds + DrainSeconds);

    private static double Fraction(double part, double whole) => whole > 0 ? part / whole : 0;

    /// <summary>Readable lines for a terminal (no trailing newline).</summary>
    public string Describe(int runId)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"execution of run {runId}: {Images} images in {WallSeconds:0.00} s ({ImagesPerSecond:0.00} images/s), {Workers} workers\n");
        text.Append(c, $"  setup {SetupSeconds:0.00} s, evaluating {EvaluatingSeconds:0.00} s, drain {DrainSeconds:0.00} s, finish {FinishSeconds:0.00} s\n");
        text.Append(c, $"  workers: busy {WorkerBusyFraction:P1}, blocked on the writer {WorkerBlockedFraction:P1}, idle {Math.Max(0, 1 - WorkerBusyFraction - WorkerBlockedFraction):P1}\n");
        text.Append(c, $"  writer: busy {WriterBusyFraction:P1} ({PerImageMilliseconds(WriterBusySeconds):0.0} ms per image), waiting for results {WriterWaitingSeconds:0.00} s\n");
        text.Append(c, $"  queue: mean depth {MeanQueueDepth:0.0} of {QueueCapacity}\n");
        text.Append(c, $"  {"stage",-16}{"calls",7}{"mean ms",10}{"total s",10}");
        foreach (var (stage, calls, total) in Stages)
            text.Append(c, $"\n  {stage,-16}{calls,7}{(calls > 0 ? total * 1000 / calls : 0),10:0.0}{total,10:0.00}");
        return text.ToString();
    }

    private double PerImageMilliseconds(double seconds) => Images > 0 ? seconds * 1000 / Images : 0;

    /// <summary>The report as a JSON object for the run's provenance (seconds rounded to milliseconds).</summary>
    public JsonObject ToJson()
    {
        static double R(double v) => Math.Round(v, 3);
        var stages = new JsonObject();
        foreach (var (stage, calls, total) in Stages)
            stages[stage] = new JsonObject { ["calls"] = calls, ["total s"] = R(total) };
        return new JsonObject
        {
            ["images"] = Images,
            ["workers"] = Workers,
            ["wall s"] = R(WallSeconds),
            ["setup s"] = R(SetupSeconds),
            ["evaluating s"] = R(EvaluatingSeconds),
            ["drain s"] = R(DrainSeconds),
            ["finish s"] = R(FinishSeconds),
            ["workers busy"] = R(WorkerBusyFraction),
            ["workers blocked on the writer"] = R(WorkerBlockedFraction),
            ["writer busy"] = R(WriterBusyFraction),
            ["mean queue depth"] = R(MeanQueueDepth),
            ["stages"] = stages,
        };
    }
}
