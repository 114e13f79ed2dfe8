using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Statistics;

namespace SemSrDashboard.Model;

/// <summary>The orders of a category's image table, shared by the category page and the image-pair page's
/// previous/next, so both walk the images in the same order. A key is <c>file</c>, <c>size</c>, <c>infobar</c>,
/// <c>dpsnr</c>, <c>dssim</c>, <c>status</c>, or <c>psnr:&lt;method&gt;</c> / <c>ssim:&lt;method&gt;</c>; missing
/// values sort last in both directions; ties by file path.</summary>
internal static class CategoryImageOrder
{
    public const string File = "file";
    public const string Size = "size";
    public const string InfoBar = "infobar";
    public const string DeltaPsnr = "dpsnr";
    public const string DeltaSsim = "dssim";
    public const string Status = "status";

    public static string MethodKey(string metric, string method) => $"{metric}:{method}";

    public static IReadOnlyList<CategoryImage> Sort(IEnumerable<CategoryImage> images, string? key, bool descending)
    {
        var list = images.ToList();
        Func<CategoryImage, double?> numeric;
        int colon = key?.IndexOf(':') ?? -1;
        if (key is null or "" or File || colon == 0 || colon > 0 && !RunComparison.IsMetric(key[..colon])
            || colon < 0 && key is not (Status or Size or InfoBar or DeltaPsnr or DeltaSsim))
        {
            var byPath = list.OrderBy(i => i.Image.RelativePath, NaturalPathComparer.Instance);
            return (descending ? byPath.Reverse() : byPath).ToList();
        }
        switch (key)
        {
            case Status:
                numeric = i => i.Failed ? 1 : 0;
                break;
            case Size:
                numeric = i => (double)i.Image.Width * i.Image.Height;
                break;
            case InfoBar:
                numeric = i => i.Image.InfoBarRows;
                break;
            case DeltaPsnr:
                numeric = i => i.DeltaPsnr;
                break;
            case DeltaSsim:
                numeric = i => i.DeltaSsim;
                break;
            default:
                string metric = key[..colon], method = key[(colon + 1)..];
                numeric = i => i.Result(method) is { } r ? RunComparison.Value(r, metric) : null;
                break;
        }
        var present = list.Where(i => numeric(i) is double d && !double.IsNaN(d));
        var missing = list.Where(i => numeric(i) is not double d || double.IsNaN(d)).OrderBy(i => i.Image.RelativePath, NaturalPathComparer.Instance);
        var sorted = descending
            ? present.OrderByDescending(numeric).ThenBy(i => i.Image.RelativePath, NaturalPathComparer.Instance)
            : present.OrderBy(numeric).ThenBy(i => i.Image.RelativePath, NaturalPathComparer.Instance);
        return sorted.Concat(missing).ToList();
    }

    /// <summary>Case-insensitive match of the filter text in the file path, the status or the error.</summary>
    public static IEnumerable<CategoryImage> Filter(IEnumerable<CategoryImage> images, string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? images
            : images.Where(i => i.Image.RelativePath.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)
                || (i.Failed ? ResultStatus.Failed : ResultStatus.Ok).Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)
                || (i.Error?.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase) ?? false));
}
