using Microsoft.EntityFrameworkCore.Design;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Lets <c>dotnet ef migrations add --context PostgresEvaluationDbContext</c> build the PostgreSQL model; it
/// never connects.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresEvaluationDbContext>
{
    public PostgresEvaluationDbContext CreateDbContext(string[] args) =>
        new(PostgresDatabase.BuildOptions("Host=localhost;Database=semsr_design"));
}
