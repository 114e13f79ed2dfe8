using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Cli;

/// <summary>The verbs of the single executable: <c>serve</c> (default), <c>evaluate</c>, <c>export</c>, <c>runs</c>.</summary>
public static class CommandLine
{
    public static readonly Option<string?> DatabaseOption = new("--db")
    {
        Description = "SQLite database file, or PostgreSQL connection string (postgresql://user:pass@host:port/db or Host=...;Database=...) "
                      + "(default: the dashboard's own, $SEMSR_DB or ~/.local/share/SemSrDashboard/semsr.db)",
    };

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        StartupClock.Mark("main");
        output ??= Console.Out;
        error ??= Console.Error;
        var root = new RootCommand("SemSrDashboard: does a super-resolution network improve your SEM images?");
        var serve = ServeCommand.Create();
        root.Subcommands.Add(serve);
        root.Subcommands.Add(EvaluateCommand.Create(error));
        root.Subcommands.Add(WorkerCommand.Create(error));
        root.Subcommands.Add(ExportCommand.Create(error));
        root.Subcommands.Add(RunsCommand.Create(output, error));
        root.Subcommands.Add(StatsCommand.Create(output, error));
        root.Subcommands.Add(ModelsCommand.Create(output, error));
        root.Subcommands.Add(BenchCommand.Create(output));

        // No verb (or only host options such as --urls) means serve.
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "--version" or "-h" or "-?"))
            args = ["serve", .. args];

        var parse = root.Parse(args);
        StartupClock.Mark("command line parsed");
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
                await error.WriteLineAsync($"error: {problem.Message}");
            return ExitCodes.BadArguments;
        }
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(invocation);
        }
        catch (Exception e) when (e is InvalidRunSettingsException or UsageException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadArguments;
        }
        catch (DatabaseUnavailableException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (DatabaseFailure.Is(e))
        {
            // e.g. the database became locked for longer than the busy timeout or read-only after start-up, or the server went away
            await error.WriteLineAsync($"error: database: {DatabaseFailure.Message(e)}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>Opens the Engine on an existing database: verbs that read or control runs never create one.</summary>
    public static EngineContext OpenEngine(ParseResult parse)
    {
        var target = Target(parse);
        if (target.Provider == DatabaseProvider.Sqlite && !File.Exists(target.FilePath))
            throw new UsageException($"database not found: {target.Display}");
        return new(EvaluationDatabase.Open(target), EngineContext.CreateMethodCatalog());
    }

    public static EvaluationDatabase OpenDatabase(ParseResult parse) => EvaluationDatabase.Open(Target(parse));

    /// <summary>The database named by <c>--db</c>, else <c>$SEMSR_DB</c>, else the default file.</summary>
    /// <exception cref="UsageException">A PostgreSQL connection string that cannot be read.</exception>
    public static DatabaseTarget Target(ParseResult parse)
    {
        try
        {
            return parse.GetValue(DatabaseOption) is { } text ? DatabaseTarget.Parse(text) : DatabaseTarget.Default();
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}

/// <summary>A command used wrongly; exits with code 2 and the message.</summary>
public sealed class UsageException(string message) : Exception(message);
