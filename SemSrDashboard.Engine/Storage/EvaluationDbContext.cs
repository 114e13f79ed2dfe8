using Microsoft.EntityFrameworkCore;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The database of runs, images and results, on SQLite (this class, its migrations under Migrations/) or
/// PostgreSQL (<see cref="PostgresEvaluationDbContext"/>, with migrations of its own).</summary>
public class EvaluationDbContext : DbContext
{
    public EvaluationDbContext(DbContextOptions<EvaluationDbContext> options) : base(options)
    {
    }

    /// <summary>For a provider's derived context, whose options name that context type.</summary>
    protected EvaluationDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<RunRecord> Runs => Set<RunRecord>();
    public DbSet<ImageRecord> Images => Set<ImageRecord>();
    public DbSet<ResultRecord> Results => Set<ResultRecord>();
    public DbSet<DataRootRecord> DataRoots => Set<DataRootRecord>();
    public DbSet<WorkerRecord> Workers => Set<WorkerRecord>();

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
            image.HasIndex(i => new { i.RunId, i.ClaimedBy });
        });
        model.Entity<ResultRecord>(result =>
        {
            result.ToTable("results");
            result.HasIndex(r => new { r.RunId, r.ImageId, r.Method }).IsUnique();
            result.HasOne<RunRecord>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
            result.HasOne<ImageRecord>().WithMany().HasForeignKey(r => r.ImageId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<WorkerRecord>(worker =>
        {
            worker.ToTable("workers");
            worker.HasIndex(w => w.WorkerId).IsUnique();
            worker.HasIndex(w => w.RunId);
            worker.HasOne<RunRecord>().WithMany().HasForeignKey(w => w.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<DataRootRecord>(root =>
        {
            root.ToTable("data_roots");
            root.HasIndex(r => r.Path).IsUnique();
        });
    }
}
