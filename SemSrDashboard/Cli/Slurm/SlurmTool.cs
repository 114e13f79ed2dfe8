using System.ComponentModel;
using System.Diagnostics;

namespace SemSrDashboard.Cli.Slurm;

/// <summary>One of Slurm's client commands (<c>sbatch</c>, <c>squeue</c>, <c>scancel</c>) run to its end, found on
/// <c>PATH</c> like a shell finds it; <c>SLURM_CONF</c> and the rest of the environment are inherited.</summary>
public static class SlurmTool
{
    /// <summary>How long a client command may take; a controller that does not answer makes them wait.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="program"/>; null when it is not installed (not found on <c>PATH</c>).</summary>
    /// <param name="environment">Variables added to the inherited environment (e.g. the database for the tasks).</param>
    public static SlurmToolResult? Run(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            return null; // not on PATH (or not executable): the caller says what to do instead
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                return new SlurmToolResult(-1, output.Result, $"{program} did not answer within {Limit.TotalSeconds:0} s");
            }
            return new SlurmToolResult(process.ExitCode, output.Result, error.Result);
        }
    }
}
