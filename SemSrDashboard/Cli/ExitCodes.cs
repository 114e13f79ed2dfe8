namespace SemSrDashboard.Cli;

/// <summary>Process exit codes (the contract in docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Completed = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
    public const int Interrupted = 130;
}
