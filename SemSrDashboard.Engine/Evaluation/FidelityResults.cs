using System.Globalization;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Evaluation;

/// <summary>Copies the chosen fidelity metrics of one output into its result; metrics the run did not choose stay
/// null (an empty CSV field), and every <c>nan</c> gets a note saying why.</summary>
public static class FidelityResults
{
    /// <param name="sizeNotes">The kernels' notes for an original too small for some metrics
    /// (<see cref="FidelityMetrics.SizeNotes"/>, each starting "id: "); they name the size, so they are preferred.</param>
    public static void Store(ResultRecord result, FidelitySet values, IReadOnlyList<MetricDescriptor> chosen,
        IReadOnlyList<string>? sizeNotes = null)
    {
        var notes = new List<string>();
        foreach (var metric in chosen)
        {
            double value = ValueOf(values, metric.Id);
            Assign(result, metric.Id, value);
            if (double.IsNaN(value))
                notes.Add(sizeNotes?.FirstOrDefault(n => n.StartsWith(metric.Id + ": ", StringComparison.Ordinal))
                    ?? (string.IsNullOrEmpty(metric.NanRule) ? $"{metric.Id} is nan" : $"{metric.Id} is nan: {metric.NanRule}"));
        }
        result.Note = notes.Count == 0 ? null : string.Join("; ", notes);
    }

    /// <exception cref="ArgumentException">Not a fidelity metric id.</exception>
    public static double ValueOf(FidelitySet values, string metric) => metric switch
    {
        MetricRegistry.MsSsim => values.MsSsim,
        MetricRegistry.Gmsd => values.Gmsd,
        MetricRegistry.LrPsnr => values.LrPsnr,
        MetricRegistry.DetailCorr => values.DetailCorr,
        MetricRegistry.DetailRatio => values.DetailRatio,
        _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{metric}' is not a fidelity metric"), nameof(metric)),
    };

    private static void Assign(ResultRecord result, string metric, double value)
    {
        switch (metric)
        {
            case MetricRegistry.MsSsim: result.MsSsim = value; break;
            case MetricRegistry.Gmsd: result.Gmsd = value; break;
            case MetricRegistry.LrPsnr: result.LrPsnr = value; break;
            case MetricRegistry.DetailCorr: result.DetailCorr = value; break;
            case MetricRegistry.DetailRatio: result.DetailRatio = value; break;
            default: throw new ArgumentException($"'{metric}' is not a fidelity metric", nameof(metric));
        }
    }
}
