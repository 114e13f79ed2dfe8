using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Keeps every metric value exact on SQLite, whose REAL holds neither NaN (SQLite turns it into NULL and
/// Microsoft.Data.Sqlite refuses to bind it) nor −0 (a whole-number REAL is written as an integer, which has no sign).
/// On save, such a value is written as NULL (NaN) or 0 (−0) in its column and named in
/// <see cref="ResultRecord.ExactValues"/> (<c>Psnr=nan;DetailCorr=-0</c>); on read the entity gets the value back and
/// the list is cleared, so code above the store only ever sees the metric's own value. ±∞ and every other double are
/// stored as they are. PostgreSQL's double precision keeps all of them, so its contexts do without this.</summary>
internal sealed class SqliteExactValues : ISaveChangesInterceptor, IMaterializationInterceptor
{
    public static readonly SqliteExactValues Instance = new();

    private const string Nan = "nan";
    private const string NegativeZero = "-0";

    /// <summary>The metric properties of <see cref="ResultRecord"/>, each read and written through its delegates.</summary>
    private static readonly (string Name, Func<ResultRecord, double?> Get, Action<ResultRecord, double?> Set)[] Metrics =
    [
        (nameof(ResultRecord.Psnr), r => r.Psnr, (r, v) => r.Psnr = v),
        (nameof(ResultRecord.Ssim), r => r.Ssim, (r, v) => r.Ssim = v),
        (nameof(ResultRecord.SsimSkimage), r => r.SsimSkimage, (r, v) => r.SsimSkimage = v),
        (nameof(ResultRecord.MsSsim), r => r.MsSsim, (r, v) => r.MsSsim = v),
        (nameof(ResultRecord.Gmsd), r => r.Gmsd, (r, v) => r.Gmsd = v),
        (nameof(ResultRecord.LrPsnr), r => r.LrPsnr, (r, v) => r.LrPsnr = v),
        (nameof(ResultRecord.DetailCorr), r => r.DetailCorr, (r, v) => r.DetailCorr = v),
        (nameof(ResultRecord.DetailRatio), r => r.DetailRatio, (r, v) => r.DetailRatio = v),
    ];

    /// <summary>Per context being saved, the entities whose values were replaced for the write, to be put back after it.</summary>
    private static readonly ConditionalWeakTable<DbContext, List<EntityEntry<ResultRecord>>> Replaced = new();

    /// <summary>The names of the metric properties this class knows (a test checks them against the entity).</summary>
    internal static IEnumerable<string> MetricNames => Metrics.Select(m => m.Name);

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is ResultRecord { ExactValues: not null } result)
            Restore(result);
        return entity;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Replace(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Replace(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        PutBack(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        PutBack(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => PutBack(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        PutBack(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>The list of values SQLite cannot hold among these metrics, or null when there are none.</summary>
    internal static string? Describe(ResultRecord result)
    {
        var entries = Metrics
            .Select(m => (m.Name, Value: m.Get(result)))
            .Where(m => m.Value is double v && (double.IsNaN(v) || IsNegativeZero(v)))
            .Select(m => $"{m.Name}={(double.IsNaN(m.Value!.Value) ? Nan : NegativeZero)}")
            .ToList();
        return entries.Count == 0 ? null : string.Join(';', entries);
    }

    /// <summary>Whether <paramref name="property"/> is one of the metric properties kept exact.</summary>
    internal static bool IsMetric(string property) => Metrics.Any(m => m.Name == property);

    /// <summary>What a metric's column holds on SQLite: NULL for NaN, 0 for −0, the value otherwise.</summary>
    internal static double? StoredValue(double? value) => value switch
    {
        double v when double.IsNaN(v) => null,
        double v when IsNegativeZero(v) => 0.0,
        _ => value,
    };

    /// <summary>Gives a result read from SQLite the values its <see cref="ResultRecord.ExactValues"/> names.</summary>
    internal static void Restore(ResultRecord result)
    {
        foreach (var entry in result.ExactValues!.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = entry.IndexOf('=');
            var metric = Metrics.Single(m => m.Name == entry[..equals]);
            metric.Set(result, entry[(equals + 1)..] switch
            {
                Nan => double.NaN,
                NegativeZero => -0.0,
                var other => throw new InvalidDataException(
                    string.Create(CultureInfo.InvariantCulture, $"result {result.Id}: unknown stored value '{other}' for {metric.Name}")),
            });
        }
        result.ExactValues = null;
    }

    private static void Replace(DbContext? context)
    {
        if (context is null)
            return;
        context.ChangeTracker.DetectChanges();
        var replaced = new List<EntityEntry<ResultRecord>>();
        foreach (var entry in context.ChangeTracker.Entries<ResultRecord>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) || Describe(entry.Entity) is not { } exact)
                continue;
            foreach (var metric in Metrics)
            {
                if (metric.Get(entry.Entity) is double v && (double.IsNaN(v) || IsNegativeZero(v)))
                    entry.Property(metric.Name).CurrentValue = StoredValue(v);
            }
            entry.Entity.ExactValues = exact;
            replaced.Add(entry);
        }
        if (replaced.Count > 0)
            Replaced.AddOrUpdate(context, replaced);
    }

    /// <summary>Puts the caller's values back into the entities after the write (or its failure), as unchanged
    /// values: a progress report or a retried save sees the metric, not its stored form.</summary>
    private static void PutBack(DbContext? context)
    {
        if (context is null || !Replaced.TryGetValue(context, out var replaced))
            return;
        Replaced.Remove(context);
        foreach (var entry in replaced)
        {
            bool unchanged = entry.State == EntityState.Unchanged;
            Restore(entry.Entity);
            if (!unchanged)
                continue;
            foreach (var metric in Metrics)
                entry.Property(metric.Name).OriginalValue = metric.Get(entry.Entity);
            entry.Property(nameof(ResultRecord.ExactValues)).OriginalValue = null;
            entry.State = EntityState.Unchanged;
        }
    }

    private static bool IsNegativeZero(double value) => value == 0 && double.IsNegative(value);
}
