using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

/// <summary>A database failure is recognised however deeply it is wrapped (the PostgreSQL provider's retrying strategy
/// wraps EF Core's save error, which wraps the driver's), and its reason is the driver's message.</summary>
public sealed class DatabaseFailureTests
{
    private static readonly SqliteException Driver = new("terminating connection due to administrator command", 10);

    public static TheoryData<Exception> Wrapped() => new()
    {
        Driver,
        new DbUpdateException("An error occurred while saving the entity changes.", Driver),
        new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new DbUpdateException("An error occurred while saving the entity changes.", Driver)),
        new AggregateException(new InvalidOperationException("transient", Driver)),
    };

    [Theory]
    [MemberData(nameof(Wrapped))]
    public void A_driver_error_inside_any_wrapping_is_a_database_failure_with_the_drivers_reason(Exception e)
    {
        Assert.True(DatabaseFailure.Is(e));
        Assert.Equal(Driver.Message, DatabaseFailure.Message(e));
    }

    [Fact]
    public void Other_errors_are_not()
    {
        var other = new InvalidOperationException("no model", new FileNotFoundException("model.onnx"));
        Assert.False(DatabaseFailure.Is(other));
        Assert.Equal("no model", DatabaseFailure.Message(other));
    }
}
