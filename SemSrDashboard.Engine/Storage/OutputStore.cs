using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Model outputs kept as lossless 8-bit PNG beside the database (<c>&lt;db&gt;.outputs/&lt;run&gt;/&lt;image&gt;/&lt;method&gt;.png</c>),
/// so the image-pair page shows exactly the pixels that were measured without recomputing a network. Paths are built
/// from numeric ids and validated method ids only.</summary>
public sealed class OutputStore(string root)
{
    public string Root { get; } = root;

    public static OutputStore For(EvaluationDatabase database) => new(database.OutputsFolder);

    public void Save(int runId, int imageId, string method, GrayImage output)
    {
        string path = PathOf(runId, imageId, method);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var mat = ImageLoader.ToMat(output);
        byte[] png = mat.ImEncode(".png", new ImageEncodingParam(ImwriteFlags.PngCompression, 1));
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, png);
        File.Move(temporary, path, overwrite: true); // a crash never leaves half a PNG under the real name
    }

    /// <summary>The stored PNG bytes, or null when this output was not kept.</summary>
    public byte[]? Load(int runId, int imageId, string method)
    {
        string path = PathOf(runId, imageId, method);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public bool Exists(int runId, int imageId, string method) => File.Exists(PathOf(runId, imageId, method));

    public void Delete(int runId, int imageId, string method) => File.Delete(PathOf(runId, imageId, method));

    /// <summary>Copies one image's stored outputs (every method) to another store, under new ids.</summary>
    public void CopyImage(int runId, int imageId, OutputStore target, int targetRunId, int targetImageId)
    {
        string folder = System.IO.Path.Combine(Root, Id(runId), Id(imageId));
        if (!Directory.Exists(folder))
            return;
        string destination = System.IO.Path.Combine(target.Root, Id(targetRunId), Id(targetImageId));
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(folder, "*.png"))
            File.Copy(file, System.IO.Path.Combine(destination, System.IO.Path.GetFileName(file)), overwrite: true);
    }

    public void DeleteRun(int runId)
    {
        string folder = System.IO.Path.Combine(Root, Id(runId));
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    /// <summary>Number of images kept at each end of a category's ranking under <c>best-worst</c>.</summary>
    public const int BestWorstPerCategory = 5;

    /// <summary>Deletes the stored outputs of every image that is neither among the <see cref="BestWorstPerCategory"/>
    /// largest nor the smallest ΔPSNR (model − baseline) of its category, for each model.</summary>
    public void KeepBestAndWorst(int runId, IReadOnlyList<(StoredImage Image, StoredResult Result)> results, string baseline)
    {
        var baselinePsnr = results.Where(r => r.Result.Method == baseline && r.Result.Psnr is not null)
            .ToDictionary(r => r.Image.Id, r => r.Result.Psnr!.Value);
        foreach (var model in results.Where(r => r.Result.Method != baseline).GroupBy(r => r.Result.Method))
        {
            foreach (var category in model.GroupBy(r => r.Image.Category))
            {
                var ranked = category
                    .Select(r => (r.Image.Id, Delta: r.Result.Psnr is double p && baselinePsnr.TryGetValue(r.Image.Id, out double b) ? p - b : double.NaN))
                    .Where(r => !double.IsNaN(r.Delta))
                    .OrderByDescending(r => r.Delta).ThenBy(r => r.Id)
                    .ToList();
                var keep = ranked.Take(BestWorstPerCategory).Concat(ranked.TakeLast(BestWorstPerCategory)).Select(r => r.Id).ToHashSet();
                foreach (int imageId in category.Select(r => r.Image.Id).Where(id => !keep.Contains(id)))
                    Delete(runId, imageId, model.Key);
            }
        }
    }

    private string PathOf(int runId, int imageId, string method)
    {
        if (method.Length == 0 || method.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || method.Contains(".."))
            throw new ArgumentException($"not a method id: '{method}'", nameof(method));
        return System.IO.Path.Combine(Root, Id(runId), Id(imageId), method + ".png");
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
