namespace SemSrDashboard.Model;

/// <summary>Which theme the dashboard shows: the user's last explicit choice, remembered in the browser's
/// localStorage, or else the operating system's preference (CSS <c>prefers-color-scheme</c>).</summary>
public static class ThemePreference
{
    /// <summary>localStorage key holding <see cref="Dark"/> or <see cref="Light"/> once the user has toggled.</summary>
    public const string StorageKey = "semsr-theme";

    public const string Dark = "dark";
    public const string Light = "light";

    /// <summary>True for the dark theme: a stored choice wins; anything else (nothing stored, an unknown value)
    /// follows the system.</summary>
    public static bool IsDark(string? stored, bool systemPrefersDark) => stored switch
    {
        Dark => true,
        Light => false,
        _ => systemPrefersDark,
    };

    /// <summary>Whether a change of the system preference should change the theme: only while nothing is stored.</summary>
    public static bool FollowsSystem(string? stored) => stored is not (Dark or Light);

    /// <summary>The value stored for a theme the user picked.</summary>
    public static string ToStored(bool dark) => dark ? Dark : Light;
}
