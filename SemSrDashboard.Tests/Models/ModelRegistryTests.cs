using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Upsampling;
using SemSrDashboard.Tests.Upsampling;

namespace SemSrDashboard.Tests.Models;

public class ModelRegistryTests : IDisposable
{
    private readonly string _folder = OnnxTestModels.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string CopySlim(string id, bool withCard = true, string? folder = null)
    {
        folder ??= _folder;
        string onnx = Path.Combine(folder, id + ".onnx");
        File.Copy(OnnxTestModels.BundledOnnx("rdn-slim-x4"), onnx);
        if (withCard)
            (OnnxTestModels.BundledCard("rdn-slim-x4") with { Id = id }).Save(Path.Combine(folder, ModelCard.FileNameFor(id)));
        return onnx;
    }

    private static ModelProblem Single(ModelRegistry registry, string fileName) =>
        Assert.Single(registry.Problems, p => Path.GetFileName(p.File) == fileName);

    [Fact]
    public void The_bundled_folder_offers_every_bundled_model_without_problems()
    {
        var registry = ModelRegistry.Scan([OnnxTestModels.BundledFolder]);
        Assert.Empty(registry.Problems);
        Assert.Equal(BundledModels.Ids.Order(), registry.Ids.Order());
        var thick = registry.Find(BundledModels.DefaultId)!;
        Assert.False(thick.Card.Inferred);
        Assert.Equal(Path.Combine(OnnxTestModels.BundledFolder, "rrdn-thick-x4.onnx"), thick.OnnxPath);
    }

    [Fact]
    public void A_model_with_a_card_is_offered_by_its_id()
    {
        CopySlim("my-slim");
        var registry = ModelRegistry.Scan([_folder]);
        Assert.Empty(registry.Problems);
        var model = Assert.Single(registry.Models);
        Assert.Equal(("my-slim", 4, false), (model.Id, model.Card.Scale, model.Card.Inferred));
        Assert.Equal([0.0, 255.0], model.Card.InputRange);
    }

    [Fact]
    public void A_model_without_a_card_gets_one_inferred_by_a_probe_run()
    {
        CopySlim("no-card", withCard: false);
        var registry = ModelRegistry.Scan([_folder]);
        Assert.Empty(registry.Problems);
        var card = Assert.Single(registry.Models).Card;
        Assert.True(card.Inferred);
        Assert.Equal((4, 3), (card.Scale, card.Channels));
        Assert.Equal([0.0, 1.0], card.InputRange);
        Assert.Equal([0.0, 1.0], card.OutputRange);
        Assert.Equal(OnnxTestModels.BundledCard("rdn-slim-x4").Sha256, card.Sha256);
        Assert.EndsWith("(card inferred)", registry.Models[0].Description);
    }

    [Fact]
    public void A_one_channel_model_without_a_card_is_offered_and_fed_grey_directly()
    {
        OnnxTestModels.WriteGainModel(Path.Combine(_folder, "grey-x2.onnx"), [1f], 2);
        var catalog = new ModelMethodCatalog(ModelRegistry.Scan([_folder]));
        Assert.Equal((2, 1), (catalog.Registry.Find("grey-x2")!.Card.Scale, catalog.Registry.Find("grey-x2")!.Card.Channels));
        using var upsampler = catalog.Create("grey-x2", new RunSettings(_folder, ["grey-x2"], 2, Device: "cpu"));
        var result = upsampler.Upsample(new GrayImage(2, 1, [7, 200]), 2);
        Assert.Equal(new byte[] { 7, 7, 200, 200, 7, 7, 200, 200 }, result.Pixels);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_reported_and_not_offered()
    {
        File.WriteAllText(Path.Combine(_folder, "notes.onnx"), "this is not a network");
        CopySlim("good");
        var registry = ModelRegistry.Scan([_folder]);
        Assert.Equal(["good"], registry.Ids);
        Assert.StartsWith("not a loadable ONNX model", Single(registry, "notes.onnx").Message);
    }

    [Fact]
    public void A_truncated_model_is_reported_and_not_offered()
    {
        string onnx = CopySlim("cut", withCard: false);
        var bytes = File.ReadAllBytes(onnx);
        File.WriteAllBytes(onnx, bytes[..(bytes.Length / 2)]);
        var registry = ModelRegistry.Scan([_folder]);
        Assert.Empty(registry.Models);
        Assert.StartsWith("not a loadable ONNX model", Single(registry, "cut.onnx").Message);
    }

    [Fact]
    public void A_sha256_mismatch_refuses_the_model()
    {
        string onnx = CopySlim("tampered");
        File.AppendAllText(onnx, "\n");
        var registry = ModelRegistry.Scan([_folder]);
        Assert.Empty(registry.Models);
        Assert.StartsWith("sha256 mismatch: the card says ab7c38e5", Single(registry, "tampered.onnx").Message);
    }

    [Fact]
    public void A_card_whose_id_differs_from_the_file_name_or_is_invalid_is_reported()
    {
        CopySlim("renamed", withCard: false);
        OnnxTestModels.BundledCard("rdn-slim-x4").Save(Path.Combine(_folder, "renamed.card.json"));
        CopySlim("broken", withCard: false);
        File.WriteAllText(Path.Combine(_folder, "broken.card.json"), "{ \"id\": ");
        var registry = ModelRegistry.Scan([_folder]);
        Assert.Empty(registry.Models);
        Assert.Equal("card id 'rdn-slim-x4' differs from the file name 'renamed'", Single(registry, "renamed.onnx").Message);
        Assert.StartsWith("bad card: Model card is not valid JSON", Single(registry, "broken.onnx").Message);
    }

    [Fact]
    public void Wrong_input_counts_and_channel_counts_are_reported()
    {
        OnnxTestModels.WriteTwoInputModel(Path.Combine(_folder, "two-inputs.onnx"));
        OnnxTestModels.WriteIdentityModel(Path.Combine(_folder, "two-channels.onnx"), 2);
        string four = OnnxTestModels.WriteGainModel(Path.Combine(_folder, "declared-three.onnx"), [1f], 4);
        OnnxTestModels.CardFor(four, 4, 3).Save(Path.Combine(_folder, "declared-three.card.json"));
        var registry = ModelRegistry.Scan([_folder]);
        Assert.Empty(registry.Models);
        Assert.Equal("expected one input and one output, found 2 and 1", Single(registry, "two-inputs.onnx").Message);
        Assert.Equal("input has 2 channels; 1 (grey) or 3 (RGB) are supported", Single(registry, "two-channels.onnx").Message);
        Assert.Equal("input has 1 channels; the card says 3", Single(registry, "declared-three.onnx").Message);
    }

    [Fact]
    public void A_model_without_a_card_that_does_not_upscale_is_reported()
    {
        OnnxTestModels.WriteIdentityModel(Path.Combine(_folder, "same-size.onnx"), 3);
        var registry = ModelRegistry.Scan([_folder]);
        Assert.Empty(registry.Models);
        Assert.Contains("not an integer upscaling", Single(registry, "same-size.onnx").Message);
    }

    [Fact]
    public void A_duplicate_id_in_a_later_folder_and_an_interpolation_name_are_reported()
    {
        string second = Path.Combine(_folder, "second");
        Directory.CreateDirectory(second);
        CopySlim("twin");
        CopySlim("twin", folder: second);
        CopySlim("bicubic", withCard: false);
        var registry = ModelRegistry.Scan([_folder, second]);
        var twin = Assert.Single(registry.Models);
        Assert.Equal(Path.Combine(_folder, "twin.onnx"), twin.OnnxPath);
        var duplicate = Assert.Single(registry.Problems, p => p.File == Path.Combine(second, "twin.onnx"));
        Assert.StartsWith("duplicate id 'twin': already offered from", duplicate.Message);
        Assert.Equal("id 'bicubic' is the name of an interpolation", Single(registry, "bicubic.onnx").Message);
    }

    [Fact]
    public void Missing_folders_and_cards_without_models_are_reported_without_throwing()
    {
        OnnxTestModels.BundledCard("rdn-slim-x4").Save(Path.Combine(_folder, "rdn-slim-x4.card.json"));
        string missing = Path.Combine(_folder, "nowhere");
        var registry = ModelRegistry.Scan([missing, _folder]);
        Assert.Empty(registry.Models);
        Assert.Equal([missing, _folder], registry.Folders);
        Assert.Equal("model folder not found", Assert.Single(registry.Problems, p => p.File == missing).Message);
        Assert.Equal("card without a model: rdn-slim-x4.onnx not found", Single(registry, "rdn-slim-x4.card.json").Message);
    }

    [Fact]
    public void A_folder_named_twice_is_scanned_once()
    {
        CopySlim("once");
        var registry = ModelRegistry.Scan([_folder, _folder + Path.DirectorySeparatorChar]);
        Assert.Equal([_folder], registry.Folders);
        Assert.Equal(["once"], registry.Ids);
        Assert.Empty(registry.Problems);
    }

    [Fact]
    public void A_problem_model_is_not_offered_by_the_catalog()
    {
        File.WriteAllText(Path.Combine(_folder, "junk.onnx"), "junk");
        var catalog = new ModelMethodCatalog([_folder]);
        Assert.False(catalog.IsKnown("junk"));
        Assert.Equal("junk.onnx", Path.GetFileName(Assert.Single(catalog.Problems).File));
        Assert.Equal("bicubic", catalog.Ids[0]);
    }

    [Fact]
    public void The_bundled_folder_is_found_by_walking_up_from_a_sub_folder()
    {
        string nested = Path.Combine(RepositoryPaths.Root, "SemSrDashboard.Engine", "Models");
        Assert.Equal(Path.Combine(RepositoryPaths.Root, "models"), ModelRegistry.FindBundledFolder(nested));
        Assert.Null(ModelRegistry.FindBundledFolder(_folder));
    }
}
