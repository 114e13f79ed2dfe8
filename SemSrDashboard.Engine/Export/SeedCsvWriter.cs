using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Export;

/// <summary>The original study's wide CSV: <c>sem_file,dlnr_psnr,dlnr_ssim,bicubic_psnr,bicubic_ssim</c>, one row
/// per image, where <c>dlnr_*</c> holds the run's first model (the study's DRLN column name is kept so its scripts
/// read the file) and <c>*_ssim</c> the run's <c>ssim</c> column. Failed results leave their fields empty.</summary>
public static class SeedCsvWriter
{
    public static readonly IReadOnlyList<string> Columns = ["sem_file", "dlnr_psnr", "dlnr_ssim", "bicubic_psnr", "bicubic_ssim"];

    public static void Write(TextWriter writer, IEnumerable<(StoredImage Image, StoredResult Result)> rows, string model, string baseline = MethodIds.Baseline)
    {
        CsvFields.WriteRow(writer, Columns);
        foreach (var image in rows.GroupBy(r => r.Image.Id))
        {
            var byMethod = image.ToDictionary(r => r.Result.Method, r => r.Result, StringComparer.Ordinal);
            var sr = byMethod.GetValueOrDefault(model);
            var bicubic = byMethod.GetValueOrDefault(baseline);
            CsvFields.WriteRow(writer,
            [
                CsvFields.Text(image.First().Image.RelativePath),
                CsvFields.Number(sr?.Psnr), CsvFields.Number(sr?.Ssim),
                CsvFields.Number(bicubic?.Psnr), CsvFields.Number(bicubic?.Ssim),
            ]);
        }
    }
}
