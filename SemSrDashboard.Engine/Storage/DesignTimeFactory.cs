using Microsoft.EntityFrameworkCore.Design;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EvaluationDbContext>
{
    public EvaluationDbContext CreateDbContext(string[] args) =>
        new(EvaluationDatabase.BuildOptions(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "semsr-design.db")));
}
