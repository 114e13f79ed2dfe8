using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

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

    /// <summary>Whether NaN metrics are stored as −∞ (<see cref="NanAsNegativeInfinity"/>); PostgreSQL stores NaN itself.</summary>
    protected virtual bool StoresNanAsNegativeInfinity => true;

    /// <summary>SQLite has no NaN (Microsoft.Data.Sqlite refuses to bind one), yet a metric may be <c>nan</c> by its
    /// definition (MS-SSIM of an image too small for five scales). No metric can be −∞ (PSNR of 8-bit images is ≥ 0,
    /// the others are bounded), so NaN is stored as −∞ and read back as NaN; null stays "not computed".</summary>
    private static readonly ValueConverter<double, double> NanAsNegativeInfinity = new(
        value => double.IsNaN(value) ? double.NegativeInfinity : value,
        stored => double.IsNegativeInfinity(stored) ? double.NaN : stored);

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
            foreach (var metric in new[] { nameof(ResultRecord.Psnr), nameof(ResultRecord.Ssim), nameof(ResultRecord.SsimSkimage),
                nameof(ResultRecord.MsSsim), nameof(ResultRecord.Gmsd), nameof(ResultRecord.LrPsnr), nameof(ResultRecord.DetailCorr),
                nameof(ResultRecord.DetailRatio) })
            {
                if (StoresNanAsNegativeInfinity)
                    result.Property<double?>(metric).HasConversion(NanAsNegativeInfinity);
            }
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
