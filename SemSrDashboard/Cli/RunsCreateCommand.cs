using System.CommandLine;
using SemSrDashboard.Engine;

namespace SemSrDashboard.Cli;

/// <summary><c>runs create --data DIR [run options of evaluate] [--db DB]</c>: stores a new queued run and prints
/// only its id on standard output, for scripts that hand the run to something else to execute (the dashboard's
/// queue, <c>evaluate --resume ID</c>).</summary>
public static class RunsCreateCommand
{
    public static Command Create(TextWriter output)
    {
        var runOptions = new RunOptions();
        var command = new Command("create", "Store a new queued run with the options of evaluate and print only its id")
        {
            CommandLine.DatabaseOption,
        };
        runOptions.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            var methods = EngineContext.CreateMethodCatalog();
            var (settings, scan) = runOptions.Validate(parse, methods);
            var engine = new EngineContext(CommandLine.OpenDatabase(parse), methods);
            var (run, _) = engine.Planner.CreateOrResume(settings, forceNew: true, scan);
            await output.WriteLineAsync(run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return ExitCodes.Completed;
        });
        return command;
    }
}
