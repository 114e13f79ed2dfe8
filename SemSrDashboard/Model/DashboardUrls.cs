using System.Globalization;

namespace SemSrDashboard.Model;

/// <summary>Every link the pages build, in one place: the runs, category and image pages, their images and exports.
/// Query values are escaped with <see cref="Uri.EscapeDataString"/>; a null value leaves its parameter out, and the
/// parameters keep the order given (so a link reads the same each time it is built).</summary>
public static class DashboardUrls
{
    public const string Home = "/";

    /// <summary>A run's page, optionally with its compared model.</summary>
    public static string Run(int runId, string? model = null) => WithQuery($"/runs/{Id(runId)}", ("model", model));

    public static string Category(int runId, string category, params (string Name, string? Value)[] query) =>
        WithQuery($"/runs/{Id(runId)}/categories/{Uri.EscapeDataString(category)}", query);

    public static string Image(int runId, int imageId, params (string Name, string? Value)[] query) =>
        WithQuery($"/runs/{Id(runId)}/images/{Id(imageId)}", query);

    /// <summary>One picture of the image page: <c>original</c>, <c>lr</c>, <c>infobar</c>, <c>thumbnail</c> (no
    /// method), or a method's output or map (<c>output</c>, <c>diff</c>, <c>ssim</c>, <c>detail</c>).</summary>
    public static string ImagePng(int runId, int imageId, string variant, string? method = null) =>
        method is null
            ? $"/runs/{Id(runId)}/images/{Id(imageId)}/{variant}.png"
            : $"/runs/{Id(runId)}/images/{Id(imageId)}/{variant}/{Uri.EscapeDataString(method)}.png";

    public static string Figure(int runId, int imageId, params (string Name, string? Value)[] query) =>
        WithQuery($"/runs/{Id(runId)}/images/{Id(imageId)}/figure.png", query);

    /// <summary>A run's CSV or zip export (<c>long.csv</c>, <c>seed.csv</c>, <c>summary.csv</c>, <c>outputs.zip</c>).</summary>
    public static string Export(int runId, string file, params (string Name, string? Value)[] query) =>
        WithQuery($"/runs/{Id(runId)}/export/{file}", query);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string WithQuery(string path, params (string Name, string? Value)[] query)
    {
        var present = query.Where(q => q.Value is not null).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}").ToList();
        return present.Count == 0 ? path : $"{path}?{string.Join('&', present)}";
    }
}
