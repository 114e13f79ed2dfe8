using SemSrDashboard.Tests.Reliability;

namespace SemSrDashboard.Tests.Cluster;

/// <summary><c>scripts/cluster.sh</c>, the project's own script that starts and stops the throwaway PostgreSQL server and
/// single-node Slurm cluster, run as a child process.</summary>
public static class ClusterScript
{
    /// <summary>Starting initdb, PostgreSQL, munged, slurmctld and slurmd takes seconds; this bound only stops a hang.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    public static string Path => System.IO.Path.Combine(RepositoryPaths.Root, "scripts", "cluster.sh");

    /// <summary>Runs <c>cluster.sh VERB --dir DIR [ARGS]</c> to the end.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string verb, string directory,
        IReadOnlyDictionary<string, string>? environment = null, params string[] args) =>
        WrappedCli.RunAsync(RepositoryPaths.Root, environment ?? new Dictionary<string, string>(), Limit,
            "bash", [Path, verb, "--dir", directory, .. args]);

    /// <summary>The variables set by the <c>export NAME=VALUE</c> lines that <c>start</c> and <c>env</c> print, with
    /// <c>$PATH</c> expanded from this process.</summary>
    public static IReadOnlyDictionary<string, string> ParseExports(string output)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith("export ", StringComparison.Ordinal))
                continue;
            foreach (string assignment in SplitWords(line["export ".Length..]))
            {
                int equals = assignment.IndexOf('=');
                string value = assignment[(equals + 1)..];
                variables[assignment[..equals]] = value.Replace("$PATH", Environment.GetEnvironmentVariable("PATH") ?? "");
            }
        }
        return variables;
    }

    /// <summary>Shell words of the simple form the script prints: unquoted, or wholly '…' or "…" quoted.</summary>
    private static IEnumerable<string> SplitWords(string text)
    {
        var word = new System.Text.StringBuilder();
        char quote = '\0';
        foreach (char c in text)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
            }
            else if (c is '\'' or '"') quote = c;
            else if (c == ' ')
            {
                if (word.Length > 0) yield return word.ToString();
                word.Clear();
            }
            else word.Append(c);
        }
        if (word.Length > 0)
            yield return word.ToString();
    }
}
