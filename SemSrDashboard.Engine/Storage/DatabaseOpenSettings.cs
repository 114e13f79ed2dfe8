using System.Globalization;

namespace SemSrDashboard.Engine.Storage;

/// <summary>How long opening the database may wait for another process's lock, and where the wait is reported.</summary>
public sealed class DatabaseOpenSettings
{
    /// <summary>The environment variable that sets <see cref="LockWaitLimit"/> in seconds.</summary>
    public const string LockWaitVariable = "SEMSR_LOCK_WAIT_SECONDS";

    /// <summary>The limit when <see cref="LockWaitVariable"/> is not set.</summary>
    public static readonly TimeSpan DefaultLockWaitLimit = TimeSpan.FromSeconds(60);

    /// <summary>Opening gives up (and the command exits with code 1) once another process has held the lock this long.</summary>
    public TimeSpan LockWaitLimit { get; init; } = DefaultLockWaitLimit;

    /// <summary>A wait longer than this is reported (and again every <see cref="ReportEvery"/>).</summary>
    public TimeSpan ReportAfter { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan ReportEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Receives one line per report: standard error for the command line, the log for the dashboard.</summary>
    public Action<string> Report { get; init; } = message => Console.Error.WriteLine(message);

    /// <summary>The defaults, with the limit taken from <c>$SEMSR_LOCK_WAIT_SECONDS</c> when it is set.</summary>
    /// <exception cref="DatabaseUnavailableException">The variable is not a positive number.</exception>
    public static DatabaseOpenSettings FromEnvironment(Action<string>? report = null)
    {
        var limit = DefaultLockWaitLimit;
        if (Environment.GetEnvironmentVariable(LockWaitVariable) is { Length: > 0 } text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                || !(seconds > 0) || double.IsInfinity(seconds))
                throw new DatabaseUnavailableException($"{LockWaitVariable} must be a positive number of seconds, not '{text}'");
            limit = TimeSpan.FromSeconds(seconds);
        }
        return report is null ? new DatabaseOpenSettings { LockWaitLimit = limit }
            : new DatabaseOpenSettings { LockWaitLimit = limit, Report = report };
    }
}
