using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Export;

/// <summary>The long CSV: one row per image and method (see docs/cli.md for the contract).</summary>
public static class LongCsvWriter
{
    public static readonly IReadOnlyList<string> Columns =
        ["category", "file", "width", "height", "method", "psnr", "ssim", "ssim_skimage", "status", "error", "info_bar_rows"];

    public static void Write(TextWriter writer, IEnumerable<(ImageRecord Image, ResultRecord Result)> rows)
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
            ]);
        }
    }
}
