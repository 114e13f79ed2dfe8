using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Storage;
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

    [Fact]
    public void KnownMigrations_AreTheMigrationsEfCoreFinds()
    {
        // Start-up reads the migration ids from their attributes instead of asking EF Core; both must give the same list.
        using var db = DatabaseProbe.Context(Path.Combine(Path.GetTempPath(), $"semsr-migrations-{Guid.NewGuid():N}.db"));
        var efCore = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(efCore);
        Assert.Equal(efCore, SchemaUpgrade.KnownMigrations.Value);
    }
}
