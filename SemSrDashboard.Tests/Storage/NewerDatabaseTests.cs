using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

public sealed class NewerDatabaseTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-newer-").FullName;

    [Fact]
    public void A_database_written_by_a_newer_version_is_refused_and_left_unchanged()
    {
        string path = Path.Combine(_work, "n.db");
        EvaluationDatabase.Open(path);
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO __EFMigrationsHistory VALUES ('29991231000000_FromTheFuture', '99.0.0'); PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        byte[] before = SHA256.HashData(File.ReadAllBytes(path));

        var error = Assert.Throws<DatabaseUnavailableException>(() => EvaluationDatabase.Open(path));

        Assert.Contains("newer version", error.Message);
        Assert.Contains("29991231000000_FromTheFuture", error.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
