using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Retries a start-up step while another process holds the database's lock: says so after a couple of
/// seconds (what it waits for and who holds it), and gives up at the configured limit with the reason.</summary>
internal sealed class LockWait(string databasePath, DatabaseOpenSettings settings)
{
    /// <summary>Busy timeout of the start-up connection, in seconds: each attempt waits at most this long inside SQLite,
    /// so the reports and the limit are kept to within about a second.</summary>
    public const int AttemptSeconds = 1;

    public T Run<T>(string what, Func<T> attempt)
    {
        var clock = Stopwatch.StartNew();
        var nextReport = settings.ReportAfter;
        while (true)
        {
            try
            {
                return attempt();
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
            {
                var waited = clock.Elapsed;
                if (waited >= settings.LockWaitLimit)
                    throw new DatabaseUnavailableException(
                        $"cannot open database {databasePath}: it is locked by another process, {LockHolders.Describe(databasePath)}; " +
                        $"gave up waiting for {what} after {waited.TotalSeconds:0} s (limit: {DatabaseOpenSettings.LockWaitVariable}={settings.LockWaitLimit.TotalSeconds:0.#})", e);
                if (waited >= nextReport)
                {
                    settings.Report($"waiting for {what} of {databasePath}, held by {LockHolders.Describe(databasePath)} " +
                        $"({waited.TotalSeconds:0} s so far; giving up after {settings.LockWaitLimit.TotalSeconds:0.#} s)");
                    nextReport = waited + settings.ReportEvery;
                }
                Thread.Sleep(50);
            }
        }
    }

    public void Run(string what, Action attempt) => Run(what, () => { attempt(); return 0; });
}
