using System.Runtime.InteropServices;

namespace SemSrDashboard.Cli.Slurm;

/// <summary>The absolute command words that start this same application build, for jobs that run it on other nodes
/// without building anything: the apphost when this process was started through it, otherwise the <c>dotnet</c>
/// host of the running runtime with this application's assembly.</summary>
public static class SelfCommand
{
    public static IReadOnlyList<string> Resolve()
    {
        string assembly = typeof(SelfCommand).Assembly.Location;
        string appHost = Path.Combine(Path.GetDirectoryName(assembly)!, Path.GetFileNameWithoutExtension(assembly));
        string? process = Environment.ProcessPath;
        if (process is not null && Path.GetFullPath(process) == appHost)
            return [appHost];
        return [DotnetHost(process), assembly];
    }

    /// <summary>The <c>dotnet</c> executable of the runtime this process runs on: the process itself when it is
    /// <c>dotnet</c>, else the one three folders above the runtime's own (<c>ROOT/shared/Microsoft.NETCore.App/V/</c>),
    /// which is where every .NET installation keeps it.</summary>
    private static string DotnetHost(string? process)
    {
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (process is not null && Path.GetFileName(process) == name)
            return Path.GetFullPath(process);
        string runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        string root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        return Path.Combine(root, name);
    }
}
