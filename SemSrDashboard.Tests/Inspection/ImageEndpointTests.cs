using System.IO.Compression;
using System.Net;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Inspection;

/// <summary>The image endpoints serve by run, image and method id only, and serve exactly the pixels that were measured.</summary>
public sealed class ImageEndpointTests(InspectionFixture fixture) : IClassFixture<InspectionFixture>
{
    private const string Model = InspectionFixture.Model;

    private IReadOnlyList<(StoredImage Image, StoredResult Result)> Results(int run) => fixture.Engine.Store.Results(run);

    private int FirstImage(int run) => fixture.Engine.Store.Images(run).First().Id;

    [Fact]
    public async Task Unknown_runs_images_methods_and_traversal_attempts_are_404()
    {
        int image = FirstImage(InspectionFixture.KeptRun);
        int otherRunsImage = FirstImage(InspectionFixture.NotKeptRun);
        string[] urls =
        [
            $"/runs/99/images/{image}/original.png",
            $"/runs/1/images/99999/original.png",
            $"/runs/1/images/{otherRunsImage}/original.png", // an image of run 2 asked through run 1
            $"/runs/1/images/{otherRunsImage}/output/{Model}.png",
            $"/runs/1/images/{image}/output/lanczos.png", // a method the run did not evaluate
            $"/runs/1/images/{image}/output/no-such-model.png",
            $"/runs/1/images/{image}/output/..%2F..%2Fe2e.db.png",
            $"/runs/1/images/{image}/output/..%2F{image}%2F{Model}.png",
            $"/runs/1/images/{image}/diff/%2E%2E%2Fbicubic.png",
            $"/runs/1/images/{image}/ssim/..%5Cbicubic.png",
            $"/runs/1/images/{image}/detail/lanczos.png",
            $"/runs/1/images/{image}/figure.png?left=original&right=bicubic&map=nosuchmap",
            $"/runs/1/images/{image}/figure.png?left=original&right=..%2Fx",
            "/runs/99/export/outputs.zip",
            "/runs/1/export/outputs.zip?category=..%2FNanowires",
        ];
        foreach (string url in urls)
        {
            using var response = await fixture.Http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_original_is_the_reference_the_run_measured()
    {
        var run = fixture.Engine.Store.FindRun(InspectionFixture.KeptRun)!;
        foreach (var image in fixture.Engine.Store.Images(run.Id))
        {
            var served = await GetImageAsync($"/runs/{run.Id}/images/{image.Id}/original.png");
            var copy = new StoredImage { Id = image.Id, RunId = run.Id, Category = image.Category, RelativePath = image.RelativePath };
            var prepared = new ImageEvaluator(StoredRunSettings.From(run), []).Prepare(copy, Path.Combine(run.DataRoot, image.RelativePath));
            Assert.Equal((prepared.Reference.Width, prepared.Reference.Height), (served.Width, served.Height));
            Assert.Equal(prepared.Reference.Pixels, served.Pixels);

            var lr = await GetImageAsync($"/runs/{run.Id}/images/{image.Id}/lr.png");
            Assert.Equal((served.Width, served.Height), (lr.Width, lr.Height));
            Assert.Equal(prepared.LowResolution[1, 1], lr[run.Scale + 1, run.Scale + 2]); // pixel repetition
        }
    }

    [Fact]
    public async Task The_output_shown_is_the_one_whose_metrics_are_stored()
    {
        var results = Results(InspectionFixture.KeptRun);
        Assert.Equal(8, results.Count);
        foreach (var (image, result) in results)
        {
            Assert.Equal(ResultStatus.Ok, result.Status);
            var original = await GetImageAsync($"/runs/1/images/{image.Id}/original.png");
            var output = await GetImageAsync($"/runs/1/images/{image.Id}/output/{result.Method}.png");
            // Models: the stored PNG; bicubic: recomputed. Either way the PSNR and SSIM are the stored ones.
            Assert.Equal(result.Psnr!.Value, Psnr.Compute(original, output), 12);
            Assert.Equal(result.Ssim!.Value, Ssim.Compute(original, output), 12);
        }
    }

    [Fact]
    public async Task A_model_output_that_was_not_kept_is_rendered_on_demand()
    {
        var (image, result) = Results(InspectionFixture.NotKeptRun).Single(r => r.Result.Method == Model);
        var inspector = fixture.Engine.CreateInspector();
        Assert.False(inspector.IsStored(fixture.Engine.Store.FindRun(InspectionFixture.NotKeptRun)!, image, Model));
        var original = await GetImageAsync($"/runs/2/images/{image.Id}/original.png");
        var output = await GetImageAsync($"/runs/2/images/{image.Id}/output/{Model}.png");
        Assert.Equal(result.Psnr!.Value, Psnr.Compute(original, output), 6);
        inspector.Dispose();
    }

    [Fact]
    public async Task Maps_info_bar_and_thumbnail_line_up_with_the_image()
    {
        foreach (var image in fixture.Engine.Store.Images(InspectionFixture.KeptRun))
        {
            string at = $"/runs/1/images/{image.Id}";
            var original = await GetImageAsync($"{at}/original.png");
            foreach (string map in new[] { "diff", "ssim", "detail" })
            {
                using var mat = OpenCvSharp.Cv2.ImDecode(await GetBytesAsync($"{at}/{map}/{Model}.png"), OpenCvSharp.ImreadModes.Unchanged);
                Assert.Equal((original.Width, original.Height), (mat.Width, mat.Height));
                Assert.Equal(map == "ssim" ? 4 : 3, mat.Channels());
            }
            var thumbnail = await GetImageAsync($"{at}/thumbnail.png");
            Assert.True(Math.Max(thumbnail.Width, thumbnail.Height) <= ImageVariant.ThumbnailSide);
            using var strip = await fixture.Http.GetAsync($"{at}/infobar.png");
            if (image.InfoBarRows is int rows && rows > 0)
            {
                var bar = ImageLoader.Decode(await strip.Content.ReadAsByteArrayAsync()).Image;
                Assert.Equal((image.SourceWidth, rows), (bar.Width, bar.Height));
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, strip.StatusCode);
            }
        }
    }

    [Fact]
    public async Task A_moved_source_is_named_and_the_stored_outputs_are_still_served()
    {
        int image = FirstImage(InspectionFixture.MovedRun);
        using var original = await fixture.Http.GetAsync($"/runs/3/images/{image}/original.png");
        Assert.Equal(HttpStatusCode.NotFound, original.StatusCode);
        Assert.Contains(Path.GetFileName(fixture.MovedSource), await original.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(256, (await GetImageAsync($"/runs/3/images/{image}/output/{Model}.png")).Width);
        Assert.True((await GetImageAsync($"/runs/3/images/{image}/thumbnail.png")).Width > 0);
    }

    [Fact]
    public async Task The_zip_holds_the_stored_outputs_of_a_category()
    {
        using var response = await fixture.Http.GetAsync("/runs/1/export/outputs.zip?category=Nanowires");
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var pngs = zip.Entries.Where(e => e.FullName.EndsWith(".png", StringComparison.Ordinal)).Select(e => e.FullName).Order().ToList();
        Assert.Equal(2, pngs.Count);
        Assert.All(pngs, name => Assert.Matches($"^Nanowires/[^/]+__{Model}\\.png$", name));
        Assert.Contains(zip.Entries, e => e.FullName == "README.txt");

        var (image, _) = Results(1).First(r => r.Image.Category == "Nanowires" && r.Result.Method == Model);
        var entry = zip.GetEntry(OutputArchive.EntryName(image.RelativePath, Model))!;
        using var stream = new MemoryStream();
        using (var s = entry.Open())
            s.CopyTo(stream);
        Assert.Equal(await GetBytesAsync($"/runs/1/images/{image.Id}/output/{Model}.png"), stream.ToArray());

        using var all = await fixture.Http.GetAsync("/runs/1/export/outputs.zip");
        using var allZip = new ZipArchive(new MemoryStream(await all.Content.ReadAsByteArrayAsync()));
        Assert.Equal(4, allZip.Entries.Count(e => e.FullName.EndsWith(".png", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_figure_shows_both_views_of_the_region_side_by_side()
    {
        int image = FirstImage(1);
        var figure = await GetImageAsync($"/runs/1/images/{image}/figure.png?left=bicubic&right={Model}&map=diff&x=10&y=20&w=64&h=48");
        // two 64-pixel-wide regions enlarged ×7 (to at least 480 px) side by side, with margins and labels
        Assert.True(figure.Width >= 2 * 448 && figure.Height > 48 * 7, $"{figure.Width}×{figure.Height}");
        using var bad = await fixture.Http.GetAsync($"/runs/1/images/{image}/figure.png?left=original");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_invented_detail_map_is_the_maps_colours_of_the_stored_output_with_a_legend_in_the_figure()
    {
        var run = fixture.Engine.Store.FindRun(InspectionFixture.KeptRun)!;
        int image = FirstImage(run.Id);
        string at = $"/runs/{run.Id}/images/{image}";
        var original = await GetImageAsync($"{at}/original.png");
        var output = await GetImageAsync($"{at}/output/{Model}.png");
        var expected = MapRenderer.InventedDetail(original, output, run.Scale);
        using var served = OpenCvSharp.Cv2.ImDecode(await GetBytesAsync($"{at}/detail/{Model}.png"), OpenCvSharp.ImreadModes.Unchanged);
        Assert.Equal((expected.Width, expected.Height, 3), (served.Width, served.Height, served.Channels()));
        var pixels = new byte[expected.Pixels.Length];
        System.Runtime.InteropServices.Marshal.Copy(served.Data, pixels, 0, pixels.Length);
        Assert.Equal(expected.Pixels, pixels);
        Assert.Contains(pixels, p => p > 0); // the model's output has detail above the LR Nyquist frequency

        string region = "x=10&y=20&w=64&h=48";
        var withLegend = await GetImageAsync($"{at}/figure.png?left=bicubic&right={Model}&map=detail&{region}");
        var withoutLegend = await GetImageAsync($"{at}/figure.png?left=bicubic&right={Model}&map=diff&{region}");
        Assert.Equal(withoutLegend.Width, withLegend.Width);
        Assert.True(withLegend.Height > withoutLegend.Height, "the invented-detail figure has no legend row");
    }

    private async Task<byte[]> GetBytesAsync(string url)
    {
        using var response = await fixture.Http.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<GrayImage> GetImageAsync(string url) => ImageLoader.Decode(await GetBytesAsync(url)).Image;
}
