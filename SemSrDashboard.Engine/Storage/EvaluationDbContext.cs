using Microsoft.EntityFrameworkCore;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The SQLite database of runs, images and results.</summary>
public sealed class EvaluationDbContext(DbContextOptions<EvaluationDbContext> options) : DbContext(options)
{
    public DbSet<RunRecord> Runs => Set<RunRecord>();
    public DbSet<ImageRecord> Images => Set<ImageRecord>();
    public DbSet<ResultRecord> Results => Set<ResultRecord>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<RunRecord>(run =>
        {
            run.ToTable("runs");
            run.HasIndex(r => r.Fingerprint);
            run.HasMany(r => r.Images).WithOne(i => i.Run).HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ImageRecord>(image =>
        {
            image.ToTable("images");
            image.HasIndex(i => new { i.RunId, i.RelativePath }).IsUnique();
        });
        model.Entity<ResultRecord>(result =>
        {
            result.ToTable("results");
            result.HasIndex(r => new { r.RunId, r.ImageId, r.Method }).IsUnique();
            result.HasOne<RunRecord>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
            result.HasOne<ImageRecord>().WithMany().HasForeignKey(r => r.ImageId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
