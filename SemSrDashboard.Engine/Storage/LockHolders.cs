using System.Globalization;
using System.Runtime.InteropServices;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Names the processes that hold a SQLite database's write lock, from the kernel's table of POSIX locks
/// (<c>/proc/locks</c>, Linux). SQLite records no owner itself; the kernel knows the pid of every fcntl lock.</summary>
internal static class LockHolders
{
    /// <summary>In WAL mode the writer holds an exclusive lock on byte 120 of the <c>-shm</c> file (WAL_WRITE_LOCK).</summary>
    private const long WalWriteLockByte = 120;

    /// <summary>In rollback-journal mode a writer locks the PENDING (0x40000000) and RESERVED (0x40000001) bytes, and the
    /// 510-byte SHARED range after them for an exclusive lock.</summary>
    private const long PendingByte = 0x40000000, SharedLast = 0x40000000 + 1 + 510;

    /// <summary>"pid 1234 (dotnet SemSrDashboard.dll evaluate …) on host", one per holder; or a sentence saying the holder
    /// is unknown (another machine over a network file system, or an operating system without /proc/locks).</summary>
    public static string Describe(string databasePath)
    {
        var pids = Find(databasePath);
        if (pids.Count == 0)
            return "another process (not identified: no local process shows the lock)";
        return string.Join(", ", pids.Select(pid =>
            $"pid {pid}{(pid == Environment.ProcessId ? " (this process)" : "")} ({CommandLineOf(pid)}) on {Environment.MachineName}"));
    }

    public static IReadOnlyList<int> Find(string databasePath)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/locks"))
            return [];
        var database = InodeOf(databasePath);
        var shm = InodeOf(databasePath + "-shm");
        var holders = new SortedSet<int>();
        try
        {
            foreach (string line in File.ReadLines("/proc/locks"))
            {
                // "1: POSIX  ADVISORY  WRITE 4242 fd:01:1234567 120 120"; blocked waiters read "1: -> POSIX …".
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 8 || f[1] != "POSIX" || f[3] != "WRITE" || !int.TryParse(f[4], out int pid))
                    continue;
                long start = long.Parse(f[6], CultureInfo.InvariantCulture);
                long end = f[7] == "EOF" ? long.MaxValue : long.Parse(f[7], CultureInfo.InvariantCulture);
                string file = f[5];
                bool walWriter = shm is not null && file == shm && start <= WalWriteLockByte && end >= WalWriteLockByte;
                bool journalWriter = database is not null && file == database && start <= SharedLast && end >= PendingByte;
                if (walWriter || journalWriter)
                    holders.Add(pid);
            }
        }
        catch (IOException)
        {
            return [];
        }
        return [.. holders];
    }

    private static string CommandLineOf(int pid)
    {
        try
        {
            string text = string.Join(" ", File.ReadAllText($"/proc/{pid}/cmdline").Split((char[])['\0', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
            return text.Length > 160 ? text[..157] + "..." : text.Length == 0 ? "command unknown" : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "command unknown";
        }
    }

    /// <summary>The file's device and inode as <c>/proc/locks</c> writes them ("fd:01:1234567", hex major and minor).</summary>
    private static string? InodeOf(string path)
    {
        // struct stat starts with st_dev and st_ino (8 bytes each) on both x86-64 and arm64 Linux.
        var buffer = new byte[256];
        if (stat(path, buffer) != 0)
            return null;
        ulong device = BitConverter.ToUInt64(buffer, 0);
        ulong inode = BitConverter.ToUInt64(buffer, 8);
        ulong major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfffUL);
        ulong minor = (device & 0xff) | ((device >> 12) & ~0xffUL);
        return string.Create(CultureInfo.InvariantCulture, $"{major:x2}:{minor:x2}:{inode}");
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable CA2101, SYSLIB1054 // the path is passed as UTF-8 bytes by the marshaller below
    private static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
#pragma warning restore CA2101, SYSLIB1054
}
