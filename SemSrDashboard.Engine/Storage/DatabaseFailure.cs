using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Tells a database that refused or lost a statement (disk full, locked, server gone) from other errors, on
/// either provider: both drivers' errors derive from <see cref="DbException"/>; EF Core wraps them in
/// <see cref="DbUpdateException"/> on a save, and the PostgreSQL provider in an <see cref="InvalidOperationException"/>
/// when the failure looks transient (a dropped connection).</summary>
public static class DatabaseFailure
{
    public static bool Is(Exception e) =>
        e is DbException or DbUpdateException { InnerException: DbException } or InvalidOperationException { InnerException: DbException };

    /// <summary>The driver's own message (the reason), without EF Core's wrapping.</summary>
    public static string Message(Exception e) => e is DbException ? e.Message : e.InnerException is DbException inner ? inner.Message : e.Message;
}
