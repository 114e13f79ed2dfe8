namespace SemSrDashboard.Cli.Slurm;

/// <summary>A Slurm job array of workers on one run, as <c>runs submit --slurm</c> asks for it: only what the options
/// name is requested from Slurm (one CPU per task unless <see cref="CpusPerWorker"/> says otherwise; no memory, no
/// partition, no time limit, no GPU unless given).</summary>
/// <param name="RunId">The run every task joins with <c>worker --run ID</c>.</param>
/// <param name="Workers">Array tasks, 0 to <c>Workers − 1</c>.</param>
/// <param name="Executable">The command words that start this application (absolute paths), e.g.
/// <c>/usr/lib/dotnet/dotnet /opt/semsr/SemSrDashboard.dll</c>.</param>
/// <param name="Folder">Absolute folder of the script and of the tasks' Slurm log files.</param>
public sealed record SlurmJobRequest(int RunId, int Workers, IReadOnlyList<string> Executable, string Folder)
{
    public int CpusPerWorker { get; init; } = 1;

    /// <summary>GPUs per task (<c>--gres=gpu:G</c>); null asks for none.</summary>
    public int? GpusPerWorker { get; init; }

    public string? Partition { get; init; }

    /// <summary>Slurm's time limit per task, as given (<c>HH:MM:SS</c>, <c>D-HH:MM:SS</c>, or minutes).</summary>
    public string? Time { get; init; }

    /// <summary><c>0-(N−1)</c>, the value of <c>sbatch --array</c>.</summary>
    public string ArrayRange => $"0-{Workers - 1}";

    public string JobName => $"semsr-run-{RunId}";

    /// <summary>Where the script is written: <c>FOLDER/semsr-run-ID.sbatch</c>.</summary>
    public string ScriptPath => Path.Combine(Folder, JobName + ".sbatch");
}
