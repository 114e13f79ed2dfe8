namespace SemSrDashboard.Cli.Slurm;

/// <summary>How a Slurm client command ended: its exit code and what it printed.</summary>
public sealed record SlurmToolResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}
