using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Upsampling;

public class ModelMethodCatalogTests
{
    private static readonly ModelMethodCatalog Catalog = new([OnnxTestModels.BundledFolder]);

    private static RunSettings Settings(string method, int scale = 4, string device = "cpu", int tile = 64, int pad = 8) =>
        new(RepositoryPaths.DemoData, [method], scale, Tile: tile, TilePad: pad, Device: device);

    [Fact]
    public void Offers_the_interpolations_then_the_bundled_models()
    {
        Assert.Empty(Catalog.Problems);
        Assert.Equal(["bicubic", "bilinear", "lanczos", "nearest"], Catalog.Ids.Take(4));
        Assert.Equal(BundledModels.Ids.Order(), Catalog.Ids.Skip(4).Order());
        Assert.True(Catalog.IsKnown(BundledModels.DefaultId));
    }

    [Fact]
    public void An_interpolation_only_run_is_validated_and_created_without_scanning_the_model_folders()
    {
        // A fresh catalog: the shared one may have been scanned by another test.
        var catalog = new ModelMethodCatalog([OnnxTestModels.BundledFolder]);
        var settings = RunSettingsValidator.Validate(Settings("lanczos"), catalog);
        Assert.Equal(["bicubic", "lanczos"], settings.Methods);
        using var lanczos = catalog.Create("lanczos", settings);
        Assert.IsType<InterpolationUpsampler>(lanczos);
        Assert.Null(catalog.Describe("lanczos"));
        Assert.False(catalog.IsScanned, "an interpolation-only run scanned (hashed and loaded) every model");
        Assert.True(catalog.IsKnown(BundledModels.DefaultId));
        Assert.True(catalog.IsScanned);
        Assert.False(catalog.IsKnown("no-such-model"));
    }

    [Fact]
    public void Describes_a_model_by_sha256_source_and_licence()
    {
        var card = OnnxTestModels.BundledCard("rdn-slim-x4");
        Assert.Equal($"sha256 {card.Sha256}, @upscalerjs/esrgan-slim 1.0.0, MIT", Catalog.Describe("rdn-slim-x4"));
        Assert.Null(Catalog.Describe("bicubic"));
    }

    [Fact]
    public void Creates_an_onnx_upsampler_with_the_runs_tiling_and_device()
    {
        using var upsampler = Catalog.Create("rdn-slim-x4", Settings("rdn-slim-x4", tile: 48, pad: 6));
        var onnx = Assert.IsType<OnnxUpsampler>(upsampler);
        Assert.Equal((48, 6, "CPU"), (onnx.Tile, onnx.TilePad, onnx.Provider));
        using var bicubic = Catalog.Create("bicubic", Settings("rdn-slim-x4"));
        Assert.IsType<InterpolationUpsampler>(bicubic);
    }

    [Fact]
    public void The_default_thick_model_upsamples_a_small_crop_through_the_catalog()
    {
        using var upsampler = Catalog.Create(BundledModels.DefaultId, Settings(BundledModels.DefaultId, tile: 16, pad: 4));
        var lr = OnnxTestModels.DemoCrop(24, 20);
        var result = upsampler.Upsample(lr, 4);
        Assert.Equal((96, 80), (result.Width, result.Height));
        // A real SR network keeps the image's brightness: mean grey within a few levels of the input's.
        Assert.InRange(result.Pixels.Average(p => p) - lr.Pixels.Average(p => p), -5, 5);
    }

    [Fact]
    public void A_model_whose_scale_differs_from_the_runs_is_refused_before_the_run_is_queued()
    {
        Assert.Equal("method 'rdn-slim-x4' is a ×4 model; the run's scale is 2", Catalog.Check("rdn-slim-x4", Settings("rdn-slim-x4", scale: 2)));
        Assert.Null(Catalog.Check("rdn-slim-x4", Settings("rdn-slim-x4")));
        Assert.Null(Catalog.Check("bicubic", Settings("bicubic", scale: 2)));
        var e = Assert.Throws<InvalidRunSettingsException>(() => RunSettingsValidator.Validate(Settings("rdn-slim-x4", scale: 2), Catalog));
        Assert.Contains("×4 model", e.Message);
        var valid = RunSettingsValidator.Validate(Settings("rdn-slim-x4"), Catalog);
        Assert.Equal(["bicubic", "rdn-slim-x4"], valid.Methods);
    }

    [Fact]
    public void Cuda_is_refused_before_the_run_where_it_cannot_start()
    {
        var settings = Settings("rdn-slim-x4", device: "cuda");
        if (ExecutionProviders.CudaProblem() is { } reason)
        {
            Assert.Equal($"--device cuda: CUDA is not usable here: {reason}", Catalog.Check("rdn-slim-x4", settings));
            Assert.Throws<InvalidRunSettingsException>(() => RunSettingsValidator.Validate(settings, Catalog));
            Assert.Throws<InvalidRunSettingsException>(() => Catalog.Create("rdn-slim-x4", settings));
        }
        else
        {
            Assert.Null(Catalog.Check("rdn-slim-x4", settings));
        }
        Assert.Null(Catalog.Check("bicubic", Settings("bicubic", device: "cuda")));
    }

    [Fact]
    public void The_engine_catalog_finds_the_bundled_models_folder()
    {
        Assert.Equal(Path.GetFullPath(OnnxTestModels.BundledFolder), ModelRegistry.FindBundledFolder());
        var catalog = EngineContext.CreateMethodCatalog();
        Assert.Contains(Path.GetFullPath(OnnxTestModels.BundledFolder), catalog.Registry.Folders);
        foreach (string id in BundledModels.Ids)
            Assert.True(catalog.IsKnown(id), id);
    }

    [Fact]
    public void A_run_created_through_the_catalog_records_the_models_provider_and_upsamples()
    {
        using var upsampler = Catalog.Create("rdn-slim-x4", Settings("rdn-slim-x4"));
        Assert.Equal("CPU", (upsampler as IReportsProvider)?.Provider);
        var serialized = new SerializedUpsampler(upsampler); // disposed with the inner upsampler
        Assert.Equal((64, 32), Size(serialized.Upsample(new GrayImage(16, 8), 4)));
    }

    private static (int, int) Size(GrayImage image) => (image.Width, image.Height);
}
