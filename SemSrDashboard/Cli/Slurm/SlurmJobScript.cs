using System.Globalization;
using System.Text;

namespace SemSrDashboard.Cli.Slurm;

/// <summary>The sbatch script of a worker job array: readable, runnable again by hand, and free of secrets. The
/// database is not written into it: each task reads it from <c>$SEMSR_DB</c>, which sbatch hands on from the
/// environment it was called with (<c>--export=ALL</c>), so the password never lands in a file on the shared file
/// system.</summary>
public static class SlurmJobScript
{
    /// <summary>The environment variable through which the tasks receive the database.</summary>
    public const string DatabaseVariable = "SEMSR_DB";

    public static string Render(SlurmJobRequest job)
    {
        var script = new StringBuilder();
        string worker = string.Join(' ', job.Executable.Select(Quote)) + $" worker --run {job.RunId}";
        Line(script, "#!/bin/bash");
        Line(script, $"# SemSrDashboard: {job.Workers} worker(s) on run {job.RunId}, one per array task, written by `runs submit {job.RunId} --slurm`.");
        Line(script, $"# Each task runs `worker --run {job.RunId}`, which takes images of the run until none is left.");
        Line(script, $"# The database is not named in this file: the tasks read it from ${DatabaseVariable}, which sbatch passes on");
        Line(script, "# from the environment it is called in. To submit this file again by hand:");
        Line(script, $"#   {DatabaseVariable}='postgresql://user:password@host:5432/db' sbatch {Quote(job.ScriptPath)}");
        Line(script, $"#SBATCH --job-name={job.JobName}");
        Line(script, $"#SBATCH --array={job.ArrayRange}");
        Line(script, "#SBATCH --ntasks=1");
        Line(script, $"#SBATCH --cpus-per-task={job.CpusPerWorker}");
        if (job.GpusPerWorker is int gpus)
            Line(script, $"#SBATCH --gres=gpu:{gpus}");
        if (job.Partition is { } partition)
            Line(script, $"#SBATCH --partition={partition}");
        if (job.Time is { } time)
            Line(script, $"#SBATCH --time={time}");
        Line(script, $"#SBATCH --output={Path.Combine(job.Folder, job.JobName + "-%A_%a.out")}");
        Line(script, "");
        Line(script, "set -euo pipefail");
        Line(script, $"if [ -z \"${{{DatabaseVariable}:-}}\" ]; then");
        Line(script, $"  echo \"{DatabaseVariable} is not set: submit this script with the run's database in ${DatabaseVariable} (see its first lines)\" >&2");
        Line(script, "  exit 2");
        Line(script, "fi");
        Line(script, "# The node may have more cores than the task was given: the worker sizes its threads to the task's CPUs.");
        Line(script, "export DOTNET_PROCESSOR_COUNT=\"${SLURM_CPUS_PER_TASK:-1}\"");
        Line(script, $"exec {worker}");
        return script.ToString();
    }

    /// <summary>A word for bash, single-quoted when it holds anything but safe characters.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Line(StringBuilder script, string text) => script.Append(text).Append('\n');
}
