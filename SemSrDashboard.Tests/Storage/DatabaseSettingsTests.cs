using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

public sealed class DatabaseSettingsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-settings-").FullName;

    [Fact]
    public void Every_connection_is_in_WAL_mode_with_normal_sync_and_waits_for_locks()
    {
        var database = EvaluationDatabase.Open(Path.Combine(_work, "s.db"));
        for (int i = 0; i < 2; i++) // the second context gets a pooled connection back
        {
            using var db = database.CreateContext();
            db.Database.OpenConnection();
            Assert.Equal("wal", Scalar(db, "PRAGMA journal_mode;"));
            Assert.Equal("1", Scalar(db, "PRAGMA synchronous;")); // 1 = NORMAL (FULL, the default, is 2)
            // Microsoft.Data.Sqlite retries a busy statement itself for the command timeout (busy_timeout stays 0).
            var connection = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
            Assert.Equal(EvaluationDatabase.BusyTimeoutSeconds, connection.DefaultTimeout);
        }
    }

    private static string Scalar(EvaluationDbContext db, string sql)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
