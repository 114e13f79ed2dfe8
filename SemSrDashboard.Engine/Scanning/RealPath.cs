using System.Runtime.InteropServices;

namespace SemSrDashboard.Engine.Scanning;

/// <summary>The canonical form of a path: absolute, with <c>.</c>, <c>..</c> and every symbolic link along it
/// resolved (POSIX <c>realpath</c>). What an allow-list of folders must compare, so that neither <c>..</c> nor a link
/// inside an allowed folder leads out of it.</summary>
public static partial class RealPath
{
    /// <summary>Resolves <paramref name="path"/>; for a path that does not exist (yet), its longest existing prefix is
    /// resolved and the rest appended.</summary>
    public static string Of(string path)
    {
        string full = Path.GetFullPath(path);
        string remainder = "";
        string current = full;
        while (true)
        {
            if (TryResolve(current) is { } resolved)
                return remainder.Length == 0 ? resolved : Path.Combine(resolved, remainder);
            string? parent = Path.GetDirectoryName(current);
            if (parent is null)
                return full;
            remainder = remainder.Length == 0 ? Path.GetFileName(current) : Path.Combine(Path.GetFileName(current), remainder);
            current = parent;
        }
    }

    /// <summary>True when <paramref name="path"/>, resolved, is <paramref name="folder"/> or lies below it.</summary>
    public static bool IsInside(string path, string folder)
    {
        string resolved = Of(path).TrimEnd('/') + "/";
        string root = Of(folder).TrimEnd('/') + "/";
        return resolved.StartsWith(root, StringComparison.Ordinal);
    }

    private static string? TryResolve(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return File.Exists(path) || Directory.Exists(path) ? path : null;
        IntPtr buffer = NativeRealPath(path, IntPtr.Zero);
        if (buffer == IntPtr.Zero)
            return null;
        try
        {
            return Marshal.PtrToStringUTF8(buffer);
        }
        finally
        {
            Marshal.FreeHGlobal(buffer); // realpath mallocs the result; glibc's free and FreeHGlobal agree on Unix
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeRealPath(string path, IntPtr resolved);
}
