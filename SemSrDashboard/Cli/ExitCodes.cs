namespace SemSrDashboard.Cli;

/// <summary>Process exit codes (the contract in docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Completed = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
    /// <summary><c>runs wait</c> gave up at its <c>--timeout</c> (the code of coreutils' <c>timeout</c>).</summary>
    public const int TimedOut = 124;
    public const int Interrupted = 130;
}
