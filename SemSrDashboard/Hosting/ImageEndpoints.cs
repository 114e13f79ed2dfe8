using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Statistics;

namespace SemSrDashboard.Hosting;

/// <summary>The images of the image-pair page, addressed by run, image and method ids only (never paths): 404 for a
/// run, image (or an image of another run), method or variant that does not exist, and when the image cannot be
/// produced (source moved since the run, seed-protocol run). The pixels come from <see cref="ImageInspector"/>; this
/// only serves its bytes. Also the zip of a run's (or category's) stored super-resolved outputs and the figure of a
/// comparison.</summary>
public static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImages(this IEndpointRouteBuilder app)
    {
        var image = app.MapGroup("/runs/{id:int}/images/{imageId:int}");
        image.MapGet("/original.png", (int id, int imageId, ImageInspector inspector) => Serve(inspector.RenderAsync(id, imageId, ImageVariant.Original)));
        image.MapGet("/lr.png", (int id, int imageId, ImageInspector inspector) => Serve(inspector.RenderAsync(id, imageId, ImageVariant.LowResolution)));
        image.MapGet("/infobar.png", (int id, int imageId, ImageInspector inspector) => Serve(inspector.RenderAsync(id, imageId, ImageVariant.InfoBar)));
        image.MapGet("/thumbnail.png", (int id, int imageId, ImageInspector inspector) => Serve(inspector.RenderAsync(id, imageId, ImageVariant.Thumbnail)));
        image.MapGet("/output/{method}.png", (int id, int imageId, string method, ImageInspector inspector) =>
            Serve(inspector.RenderAsync(id, imageId, ImageVariant.Output, method)));
        image.MapGet("/diff/{method}.png", (int id, int imageId, string method, ImageInspector inspector) =>
            Serve(inspector.RenderAsync(id, imageId, ImageVariant.Difference, method)));
        image.MapGet("/ssim/{method}.png", (int id, int imageId, string method, ImageInspector inspector) =>
            Serve(inspector.RenderAsync(id, imageId, ImageVariant.Ssim, method)));
        image.MapGet("/detail/{method}.png", (int id, int imageId, string method, ImageInspector inspector) =>
            Serve(inspector.RenderAsync(id, imageId, ImageVariant.InventedDetail, method)));
        image.MapGet("/figure.png", async (int id, int imageId, string? left, string? right, string? map, int? x, int? y, int? w, int? h,
            ImageInspector inspector) =>
        {
            if (string.IsNullOrEmpty(left) || string.IsNullOrEmpty(right))
                return Results.BadRequest("left and right name the two views: original, lr or a method of the run.");
            FigureRegion? region = x is int rx && y is int ry && w is int rw && h is int rh && rw > 0 && rh > 0 ? new(rx, ry, rw, rh) : null;
            var figure = await inspector.FigureAsync(id, imageId, left, right, string.IsNullOrEmpty(map) || map == "none" ? null : map, region);
            return figure.Png is { } png
                ? Results.File(png, "image/png", $"run{id}-image{imageId}-{left}-vs-{right}{(map is null or "none" ? "" : "-" + map)}.png")
                : Results.NotFound(figure.Message);
        });

        app.MapGet("/runs/{id:int}/export/outputs.zip", (int id, string? category, EngineContext engine, ImageInspector inspector) =>
        {
            if (engine.Store.FindRun(id) is not { } run)
                return Results.NotFound($"There is no run {id}.");
            var images = engine.Store.Images(id);
            if (category is not null && images.All(i => i.Category != category))
                return Results.NotFound($"Run {id} has no category '{category}'.");
            string name = category is null ? $"run{id}-sr-outputs.zip" : $"run{id}-{Safe(category)}-sr-outputs.zip";
            return Results.Stream(async stream =>
            {
                // ZipArchive writes synchronously (not allowed on the response): build it in a temporary file first.
                await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                    FileOptions.DeleteOnClose);
                OutputArchive.Write(buffer, inspector.Outputs, run, images, RunComparison.Models(run), category);
                buffer.Position = 0;
                await buffer.CopyToAsync(stream);
            }, "application/zip", name);
        });
        return app;
    }

    private static async Task<IResult> Serve(Task<InspectionResult> rendering)
    {
        var result = await rendering;
        return result.Png is { } png ? Results.File(png, "image/png") : Results.NotFound(result.Message);
    }

    private static string Safe(string text) => new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
