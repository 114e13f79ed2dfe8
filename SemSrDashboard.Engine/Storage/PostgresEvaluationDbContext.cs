using Microsoft.EntityFrameworkCore;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The same tables on PostgreSQL, with migrations of their own (Migrations/Postgres/): metrics are
/// <c>double precision</c>, which keeps NaN, +∞ and −∞ as they are, and times are <c>timestamp with time zone</c>.</summary>
public sealed class PostgresEvaluationDbContext(DbContextOptions<PostgresEvaluationDbContext> options) : EvaluationDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // Npgsql writes only UTC times to timestamptz; times read from a SQLite run file carry no kind but are UTC.
        conventions.Properties<DateTime>().HaveConversion<UtcKindConverter>();
    }
}
