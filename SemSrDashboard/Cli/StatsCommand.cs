using System.CommandLine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Export;
using SemSrDashboard.Engine.Statistics;

namespace SemSrDashboard.Cli;

/// <summary><c>stats</c>: per-category statistics of a run (paired, unpaired and Wilcoxon tests, CIs, effect sizes,
/// Holm-adjusted p) as CSV.</summary>
public static class StatsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var run = new Option<int?>("--run") { Description = "Run id (default: the latest run)" };
        var model = new Option<string?>("--model") { Description = "Compared method (default: the run's first method that is not the baseline)" };
        var baseline = new Option<string>("--baseline") { Description = "Baseline method", DefaultValueFactory = _ => MethodIds.Baseline };
        var csv = new Option<string?>("--csv") { Description = "Output file (default: standard output)" };
        var command = new Command("stats", "Per-category statistics of a run as CSV") { CommandLine.DatabaseOption, run, model, baseline, csv };
        command.SetAction(async (parse, _) =>
        {
            var engine = CommandLine.OpenEngine(parse);
            var record = RunsCommand.FindRunOrLatest(engine.Store, parse.GetValue(run));
            string baselineId = parse.GetValue(baseline)!;
            var methods = MethodList.Parse(record.Methods);
            string modelId = parse.GetValue(model) ?? RunComparison.ComparedMethods(record, baselineId).FirstOrDefault()
                ?? throw new UsageException($"run {record.Id} has only the baseline {baselineId}; nothing to compare");
            foreach (string id in new[] { modelId, baselineId }.Where(id => !methods.Contains(id)))
                throw new UsageException($"run {record.Id} has no method '{id}' (methods: {record.Methods})");

            var results = engine.Store.Results(record.Id);
            var rows = RunComparison.MetricsOf(record).SelectMany(metric => RunComparison.Summarize(record, results, modelId, metric, baselineId)).ToList();
            if (parse.GetValue(csv) is { } path)
            {
                await using var writer = new StreamWriter(path);
                ComparisonCsvWriter.Write(writer, rows);
                await error.WriteLineAsync($"Wrote {rows.Count} rows ({modelId} vs {baselineId}, run {record.Id}) to {path}");
            }
            else
            {
                ComparisonCsvWriter.Write(output, rows);
            }
            return ExitCodes.Completed;
        });
        return command;
    }
}
