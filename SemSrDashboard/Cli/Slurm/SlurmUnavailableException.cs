namespace SemSrDashboard.Cli.Slurm;

/// <summary>A Slurm client command is not installed on this machine (not on <c>PATH</c>).</summary>
public sealed class SlurmUnavailableException(string program)
    : Exception($"{program} not found on PATH: this machine is not a Slurm submit host (load Slurm's module, or run on a login node)")
{
    public string Program { get; } = program;
}
