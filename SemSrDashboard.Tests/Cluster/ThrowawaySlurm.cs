using System.Diagnostics;
using System.Text.RegularExpressions;
using SemSrDashboard.Tests.Reliability;

namespace SemSrDashboard.Tests.Cluster;

/// <summary>The throwaway single-node Slurm cluster (node <c>localhost</c>, 2 CPUs, partition <c>debug</c>) and its
/// commands, run as child processes with <c>SLURM_CONF</c> pointing at it. No accounting daemon runs, so jobs are
/// followed with <c>scontrol show job</c>, never <c>sacct</c> or <c>squeue</c> loops of a fixed length.</summary>
public sealed class ThrowawaySlurm(string slurmConf, string path)
{
    /// <summary>Generous for a job on a busy 2-core machine; reached only when something is wrong.</summary>
    public static readonly TimeSpan JobLimit = TimeSpan.FromMinutes(3);

    public string SlurmConf { get; } = slurmConf;

    /// <summary>What a child process needs to reach this cluster.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; } =
        new Dictionary<string, string> { ["SLURM_CONF"] = slurmConf, ["PATH"] = path };

    /// <summary>Runs a Slurm command; fails with its stderr when it exits non-zero.</summary>
    public async Task<string> RunAsync(string workingDirectory, string command, params string[] args)
    {
        (int code, string output, string error) = await WrappedCli.RunAsync(workingDirectory, Environment,
            TimeSpan.FromMinutes(1), command, args);
        if (code != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} exited {code}: {error}");
        return output;
    }

    /// <summary><c>sbatch --parsable ARGS</c>; returns the job id (for an array, the array's id).</summary>
    public async Task<string> SubmitAsync(string workingDirectory, params string[] args)
    {
        string output = await RunAsync(workingDirectory, "sbatch", ["--parsable", .. args]);
        return output.Trim().Split(';')[0];
    }

    /// <summary>One line of <c>scontrol -o show job ID</c> per job or array task (pending array tasks may share one).</summary>
    public async Task<IReadOnlyList<SlurmJobRecord>> ShowJobAsync(string jobId)
    {
        string output = await RunAsync(RepositoryPaths.Root, "scontrol", "-o", "show", "job", jobId);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(SlurmJobRecord.Parse).ToList();
    }

    /// <summary>The fields of <c>scontrol -o show node localhost</c>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ShowNodeAsync()
    {
        string output = await RunAsync(RepositoryPaths.Root, "scontrol", "-o", "show", "node", "localhost");
        return SlurmJobRecord.ParseFields(output.Trim());
    }

    /// <summary>Polls <c>scontrol show job</c> until <paramref name="done"/> holds for the job's records; fails with
    /// the last records after <see cref="JobLimit"/>.</summary>
    public async Task<IReadOnlyList<SlurmJobRecord>> WaitForJobAsync(string jobId,
        Func<IReadOnlyList<SlurmJobRecord>, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var records = await ShowJobAsync(jobId);
            if (done(records))
                return records;
            if (clock.Elapsed > JobLimit)
                Assert.Fail($"job {jobId}: no {what} after {JobLimit.TotalSeconds:0} s; scontrol shows:\n" +
                            string.Join('\n', records));
            await Task.Delay(200);
        }
    }
}

/// <summary>One record of <c>scontrol -o show job</c>.</summary>
public sealed partial record SlurmJobRecord(IReadOnlyDictionary<string, string> Fields)
{
    public string JobId => Fields["JobId"];
    public string State => Fields["JobState"];
    public string? ArrayTaskId => Fields.GetValueOrDefault("ArrayTaskId");

    public static SlurmJobRecord Parse(string line) => new(ParseFields(line));

    /// <summary>The <c>Name=value</c> pairs of a one-line scontrol record.</summary>
    public static IReadOnlyDictionary<string, string> ParseFields(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in FieldPattern().Matches(line))
            fields[match.Groups[1].Value] = match.Groups[2].Value;
        return fields;
    }

    public override string ToString() => string.Join(' ', Fields.Select(f => $"{f.Key}={f.Value}"));

    [GeneratedRegex(@"(?:^|\s)(\w+)=(\S*)")]
    private static partial Regex FieldPattern();
}
