using System.Globalization;

namespace SemSrDashboard.Cli.Slurm;

/// <summary>Submitting, querying and cancelling the worker job arrays through Slurm's own client commands.</summary>
public static class SlurmJobs
{
    /// <summary>Submits <paramref name="job"/>'s script (written before) as a job array with <paramref name="database"/>
    /// in the environment of <c>sbatch</c>, which hands it on to every task (<c>--export=ALL</c>); the connection
    /// string is never on a command line (visible to every user in <c>ps</c>) nor in the script.</summary>
    /// <returns>The array's job id.</returns>
    /// <exception cref="SlurmUnavailableException"><c>sbatch</c> is not installed here.</exception>
    /// <exception cref="SlurmRejectedException"><c>sbatch</c> refused the job (its standard error is the message).</exception>
    public static string Submit(SlurmJobRequest job, string database)
    {
        var result = SlurmTool.Run("sbatch", ["--parsable", $"--array={job.ArrayRange}", "--export=ALL", job.ScriptPath],
            new Dictionary<string, string> { [SlurmJobScript.DatabaseVariable] = database })
            ?? throw new SlurmUnavailableException("sbatch");
        if (!result.Succeeded)
            throw new SlurmRejectedException("sbatch", result);
        return ParseJobId(result.Output);
    }

    /// <summary>The job id in what <c>sbatch</c> printed: <c>--parsable</c>'s <c>ID</c> or <c>ID;cluster</c>, or
    /// the plain <c>Submitted batch job ID</c>.</summary>
    /// <exception cref="FormatException">No job id in it.</exception>
    public static string ParseJobId(string sbatchOutput)
    {
        string text = sbatchOutput.Trim();
        const string plain = "Submitted batch job ";
        if (text.StartsWith(plain, StringComparison.Ordinal))
            text = text[plain.Length..];
        string id = text.Split(';', 2)[0].Trim();
        return id.Length > 0 && id.All(char.IsAsciiDigit) ? id
            : throw new FormatException($"sbatch printed no job id: '{sbatchOutput.Trim()}'");
    }

    /// <summary>The states <c>squeue</c> lists for the job (one per array task or group of pending tasks); empty when
    /// the job has left the queue (ended, or forgotten by the controller).</summary>
    /// <exception cref="SlurmUnavailableException"><c>squeue</c> is not installed here.</exception>
    /// <exception cref="SlurmRejectedException"><c>squeue</c> failed for another reason than an unknown job.</exception>
    public static IReadOnlyList<string> States(string jobId)
    {
        var result = SlurmTool.Run("squeue", ["--noheader", "--jobs", jobId, "--format=%T"]) ?? throw new SlurmUnavailableException("squeue");
        if (!result.Succeeded)
        {
            // A job the controller no longer knows is an error to squeue, not an empty list.
            if (result.Error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
                return [];
            throw new SlurmRejectedException("squeue", result);
        }
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary><c>scancel ID</c>: ends the job's running tasks and removes its pending ones.</summary>
    /// <returns>False when the controller no longer knows the job (it ended long ago): nothing to cancel.</returns>
    /// <exception cref="SlurmUnavailableException"><c>scancel</c> is not installed here.</exception>
    /// <exception cref="SlurmRejectedException"><c>scancel</c> failed.</exception>
    public static bool Cancel(string jobId)
    {
        var result = SlurmTool.Run("scancel", [jobId]) ?? throw new SlurmUnavailableException("scancel");
        if (result.Succeeded)
            return true;
        if (result.Error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            return false;
        throw new SlurmRejectedException("scancel", result);
    }

    internal static string Describe(IReadOnlyList<string> states) =>
        string.Join(", ", states.GroupBy(s => s, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key.ToLowerInvariant()}")));
}
