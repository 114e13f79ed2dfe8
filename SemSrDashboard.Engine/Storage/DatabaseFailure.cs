using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Tells a database that refused or lost a statement (disk full, locked, server gone) from other errors, on
/// either provider: both drivers' errors derive from <see cref="DbException"/>, which EF Core wraps in
/// <see cref="DbUpdateException"/> on a save, the PostgreSQL provider's retrying strategy in an
/// <see cref="InvalidOperationException"/> when the failure looks transient (a dropped connection, around the
/// former), and a producer's failure reaches the pipeline in an <see cref="AggregateException"/>.</summary>
public static class DatabaseFailure
{
    public static bool Is(Exception e) => Driver(e) is not null;

    /// <summary>The driver's own message (the reason), without the wrapping.</summary>
    public static string Message(Exception e) => Driver(e)?.Message ?? e.Message;

    /// <summary>Why a run stopped when its results could not be stored, in the words every executor uses.</summary>
    public static string StoringReason(Exception e) => $"cannot store results: {Message(e)}";

    private static DbException? Driver(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is DbException driver)
                return driver;
        }
        return null;
    }
}
