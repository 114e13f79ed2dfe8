using Microsoft.Data.Sqlite;

namespace SemSrDashboard.Tests.Storage;

/// <summary>The store contract on an embedded SQLite file.</summary>
public sealed class SqliteStoreTests : StoreContract
{
    protected override Task<string> NewDatabaseAsync() => Task.FromResult(Path.Combine(Work, "semsr.db"));

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return base.DisposeAsync();
    }
}
