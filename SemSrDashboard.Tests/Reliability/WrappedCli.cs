using System.Diagnostics;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Reliability;

/// <summary>The application's command line (<see cref="CliProcess.Dll"/>) started through a wrapper such as
/// <c>setpriv</c> (another user) or <c>unshare -m sh -c</c> (a private mount namespace).</summary>
public static class WrappedCli
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="args"/> to the end; killed and failed after
    /// <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string program, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not end within {timeout}; output:\n{await output}\nerrors:\n{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary><c>dotnet SemSrDashboard.dll ARGS</c> as a shell command line (single-quoted words).</summary>
    public static string ShellCommand(params string[] args) =>
        string.Join(' ', new[] { "dotnet", CliProcess.Dll }.Concat(args).Select(Quote));

    public static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
