using System.Globalization;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Engine.Evaluation;

/// <summary>Adds the chosen fidelity metrics of one output to its score; metrics the run did not choose stay null (an
/// empty CSV field), and every <c>nan</c> gets a note saying why.</summary>
public static class FidelityResults
{
    /// <param name="sizeNotes">The kernels' notes for an original too small for some metrics
    /// (<see cref="FidelityMetrics.SizeNotes"/>, each starting "id: "); they name the size, so they are preferred.</param>
    public static MethodScore With(MethodScore score, FidelitySet values, IReadOnlyList<MetricDescriptor> chosen,
        IReadOnlyList<string>? sizeNotes = null)
    {
        var notes = new List<string>();
        foreach (var metric in chosen)
        {
            double value = ValueOf(values, metric.Id);
            score = Assign(score, metric.Id, value);
            if (double.IsNaN(value))
                notes.Add(sizeNotes?.FirstOrDefault(n => n.StartsWith(metric.Id + ": ", StringComparison.Ordinal))
                    ?? (string.IsNullOrEmpty(metric.NanRule) ? $"{metric.Id} is nan" : $"{metric.Id} is nan: {metric.NanRule}"));
        }
        return score with { Note = notes.Count == 0 ? null : string.Join("; ", notes) };
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

    private static MethodScore Assign(MethodScore score, string metric, double value) => metric switch
    {
        MetricRegistry.MsSsim => score with { MsSsim = value },
        MetricRegistry.Gmsd => score with { Gmsd = value },
        MetricRegistry.LrPsnr => score with { LrPsnr = value },
        MetricRegistry.DetailCorr => score with { DetailCorr = value },
        MetricRegistry.DetailRatio => score with { DetailRatio = value },
        _ => throw new ArgumentException($"'{metric}' is not a fidelity metric", nameof(metric)),
    };
}
