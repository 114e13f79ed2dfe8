using System.Diagnostics;
using System.Globalization;

namespace SemSrDashboard.Engine.Runs;

/// <summary>Lease owner ids (<c>role@host:pid:nonce</c>, see <see cref="EngineContext.NewOwnerId"/>) and the rule for
/// taking a run over from an owner that died without releasing its lease.</summary>
/// <remarks>
/// <para>A lease normally stops protecting a run only when it expires (<see cref="RunExecutor.LeaseDuration"/> after the
/// last heartbeat). An owner killed with SIGKILL (<c>kill -9</c>, the out-of-memory killer) leaves an unexpired lease behind, and running the same command again would be refused for up to a lease
/// duration. So a lease may also be taken over early when its owner is <em>verifiably dead</em>: the owner id names
/// this machine's host name and a process id that no longer runs here.</para>
/// <para>Anything short of that proof waits for expiry: an owner on another host (a shared file system), an id that
/// does not parse, or a process id that is alive — even if the id was reused by an unrelated process, in which case
/// the lease simply runs out. The rule assumes processes that share a host name also share a process-id namespace
/// (true for one machine; containers get their own host names by default).</para>
/// </remarks>
public static class LeaseOwners
{
    /// <summary>Host and process id of an owner id, or null when it does not have the expected form.</summary>
    public static (string Host, int ProcessId)? Parse(string? owner)
    {
        if (owner is null)
            return null;
        int at = owner.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
            return null;
        string[] parts = owner[(at + 1)..].Split(':');
        if (parts.Length != 3 || parts[0].Length == 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 0)
            return null;
        return (parts[0], pid);
    }

    /// <summary>True only when <paramref name="owner"/> names this host and a process that is not running.</summary>
    public static bool IsVerifiablyDead(string? owner)
    {
        if (Parse(owner) is not var (host, pid))
            return false;
        if (!string.Equals(host, Environment.MachineName, StringComparison.Ordinal))
            return false;
        if (pid == Environment.ProcessId)
            return false; // another executor of this very process: alive
        return !IsRunning(pid);
    }

    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // A killed process whose parent has not reaped it yet is a zombie: it no longer runs.
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                int close = stat.LastIndexOf(')');
                return close < 0 || close + 2 >= stat.Length || stat[close + 2] is not ('Z' or 'X');
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return true; // cannot tell: treat as alive
            }
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return true; // cannot tell: treat as alive
        }
    }
}
