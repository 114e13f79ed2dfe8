using System.CommandLine;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Cli;

/// <summary><c>serve</c> (the default verb): the dashboard, on http://127.0.0.1:5000 unless <c>--urls</c> or
/// <c>ASPNETCORE_URLS</c> says otherwise. Other options (e.g. <c>--environment</c>) go to the web host.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Start the dashboard (default)") { CommandLine.DatabaseOption };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellation) =>
        {
            var hostArgs = parse.UnmatchedTokens.ToList();
            if (parse.GetValue(CommandLine.DatabaseOption) is { } db)
            {
                CommandLine.Target(parse); // a connection string that cannot be read is a usage error before the host starts
                hostArgs.Add($"--SemSr:Database={db}");
            }
            WebApplication app;
            try
            {
                app = DashboardHost.Build([.. hostArgs]);
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("refusing to listen", StringComparison.Ordinal))
            {
                throw new UsageException(e.Message);
            }
            await app.RunAsync(cancellation);
            return ExitCodes.Completed;
        });
        return command;
    }
}
