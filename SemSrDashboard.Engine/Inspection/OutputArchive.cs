using System.IO.Compression;
using System.Text;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>Writes the stored model outputs (lossless PNG, exactly as measured) of a run or of one of its categories
/// into a zip: <c>&lt;relative path without extension&gt;__&lt;method&gt;.png</c>, plus a README listing what is
/// not included (interpolations are never stored; under <c>best-worst</c> or <c>none</c> most outputs were not kept).</summary>
public static class OutputArchive
{
    /// <summary>Writes the zip to <paramref name="stream"/>; returns the number of images written.</summary>
    public static int Write(Stream stream, OutputStore outputs, StoredRun run, IEnumerable<StoredImage> images, IReadOnlyList<string> models,
        string? category = null)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        int written = 0, missing = 0;
        foreach (var image in images.Where(i => category is null || i.Category == category).OrderBy(i => i.RelativePath, StringComparer.Ordinal))
        {
            foreach (string model in models)
            {
                byte[]? png = outputs.Load(run.Id, image.Id, model);
                if (png is null)
                {
                    missing++;
                    continue;
                }
                var entry = zip.CreateEntry(EntryName(image.RelativePath, model), CompressionLevel.NoCompression); // PNG is compressed
                using var s = entry.Open();
                s.Write(png);
                written++;
            }
        }
        var readme = zip.CreateEntry("README.txt");
        using (var w = new StreamWriter(readme.Open(), new UTF8Encoding(false)))
        {
            w.WriteLine($"Super-resolved outputs of run {run.Id}{(category is null ? "" : $", category {category}")} (scale x{run.Scale}).");
            w.WriteLine($"Models: {string.Join(", ", models)}. Outputs kept by the run: {run.StoreOutputs}.");
            w.WriteLine($"{written} PNG(s) included: 8-bit grey, lossless, exactly the pixels whose metrics are stored.");
            if (missing > 0)
                w.WriteLine($"{missing} output(s) were not kept by the run and are not included.");
            w.WriteLine("Interpolations (bicubic, ...) are never stored; they are recomputed on demand by the dashboard.");
        }
        return written;
    }

    /// <summary>The entry name of an output: the image's relative path (no '..' segments) without extension, then
    /// <c>__method.png</c>.</summary>
    public static string EntryName(string relativePath, string method)
    {
        var segments = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s is not ("." or ".."));
        string path = string.Join('/', segments);
        int dot = path.LastIndexOf('.');
        if (dot > path.LastIndexOf('/') + 0 && dot > 0)
            path = path[..dot];
        return $"{path}__{method}.png";
    }
}
