namespace SemSrDashboard.Hosting;

/// <summary>Lets browsers keep Plotly.Blazor's files (plotly.js and its interop module) for a year without asking
/// again. Their names carry their versions (<c>plotly-basic-3.7.0.min.js</c>), so a new version is a new URL;
/// <c>MapStaticAssets</c> would otherwise have every page load revalidate them, and a browser keeps a script's
/// compiled code only for files it keeps.</summary>
internal static class VersionedAssetCaching
{
    public const string PlotlyFolder = "/_content/Plotly.Blazor";
    public const string CacheControl = "public, max-age=31536000, immutable";

    public static IApplicationBuilder UseVersionedAssetCaching(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(PlotlyFolder, StringComparison.Ordinal))
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                if (response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
                    response.Headers.CacheControl = CacheControl;
                return Task.CompletedTask;
            });
        }
        await next(context);
    });
}
