using System.CommandLine;
using SemSrDashboard.Engine.Export;
using SemSrDashboard.Engine.Statistics;

namespace SemSrDashboard.Cli;

/// <summary><c>export</c>: a run's results as the long CSV or the original study's wide layout.</summary>
public static class ExportCommand
{
    public static Command Create(TextWriter error)
    {
        var run = new Option<int?>("--run") { Description = "Run id (default: the latest run)" };
        var format = new Option<string>("--format") { Description = "long or seed", DefaultValueFactory = _ => "long" };
        format.AcceptOnlyFromAmong("long", "seed");
        var csv = new Option<string>("--csv") { Description = "Output file", Required = true };
        var command = new Command("export", "Write a run's results to CSV") { CommandLine.DatabaseOption, run, format, csv };
        command.SetAction(async (parse, _) =>
        {
            // Refuse bad arguments before anything is written: no new database, no empty CSV.
            EvaluateCommand.RequireCsvFolder(parse.GetValue(csv));
            var engine = CommandLine.OpenEngine(parse);
            var record = RunsCommand.FindRunOrLatest(engine.Store, parse.GetValue(run));
            string? model = null;
            if (parse.GetValue(format) == "seed")
            {
                // The dlnr_* columns hold a super-resolution model; an interpolation is never put there.
                model = RunComparison.Models(record).FirstOrDefault()
                    ?? throw new UsageException(
                        $"run {record.Id} evaluated no model (methods: {record.Methods}); the seed layout's dlnr_* columns need one, use --format long");
            }
            var rows = engine.Store.Results(record.Id);
            await using (var writer = new StreamWriter(parse.GetValue(csv)!))
            {
                if (model is not null)
                {
                    SeedCsvWriter.Write(writer, rows, model);
                }
                else
                {
                    LongCsvWriter.Write(writer, rows);
                }
            }
            await error.WriteLineAsync($"Wrote {rows.Count} results of run {record.Id} to {parse.GetValue(csv)}");
            return ExitCodes.Completed;
        });
        return command;
    }
}
