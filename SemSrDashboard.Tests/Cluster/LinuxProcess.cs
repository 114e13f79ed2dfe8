namespace SemSrDashboard.Tests.Cluster;

/// <summary>Process state read from <c>/proc</c>.</summary>
public static class LinuxProcess
{
    /// <summary>Alive and not a zombie (a zombie has ended; only its parent has not collected it yet).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
