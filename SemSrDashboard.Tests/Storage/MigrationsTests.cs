using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Storage;

/// <summary>The migrations match the model.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Model_HasNoChangeMissingFromTheMigrations()
    {
        // Start-up skips EF Core's own check (it costs seconds there); a model change without a migration fails here.
        using var db = DatabaseProbe.Context(Path.Combine(Path.GetTempPath(), $"semsr-migrations-{Guid.NewGuid():N}.db"));
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration applies: add a migration");
    }
}
