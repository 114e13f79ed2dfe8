namespace SemSrDashboard.Cli.Slurm;

/// <summary>A Slurm client command ended with an error; the message is its standard error.</summary>
public sealed class SlurmRejectedException(string program, SlurmToolResult result)
    : Exception($"{program} exited with code {result.ExitCode}: {(result.Error.Trim().Length > 0 ? result.Error.Trim() : result.Output.Trim())}")
{
    public string Program { get; } = program;
}
