using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Export;

/// <summary>The long CSV: one row per image and method (see docs/cli.md for the contract).</summary>
public static class LongCsvWriter
{
    /// <summary>The columns; the fidelity metrics come last (after the columns of earlier versions), in registry order,
    /// so that readers of the older layout keep working.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["category", "file", "width", "height", "method", "psnr", "ssim", "ssim_skimage", "status", "error", "info_bar_rows",
            .. MetricRegistry.FidelityIds];

    private static readonly IReadOnlyList<MetricDescriptor> Appended = MetricRegistry.Of(MetricRegistry.FidelityIds);

    public static void Write(TextWriter writer, IEnumerable<(StoredImage Image, StoredResult Result)> rows)
    {
        CsvFields.WriteRow(writer, Columns);
        foreach (var (image, result) in rows)
        {
            CsvFields.WriteRow(writer,
            [
                CsvFields.Text(image.Category),
                CsvFields.Text(image.RelativePath),
                CsvFields.Integer(image.Width),
                CsvFields.Integer(image.Height),
                CsvFields.Text(result.Method),
                CsvFields.Number(result.Psnr),
                CsvFields.Number(result.Ssim),
                CsvFields.Number(result.SsimSkimage),
                result.Status,
                CsvFields.Text(result.Error),
                CsvFields.Integer(image.InfoBarRows),
                // Empty when the run did not compute the metric (its stored value is null).
                .. Appended.Select(metric => CsvFields.Number(metric.Read(result))),
            ]);
        }
    }
}
