using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Tests.Models;

public class ModelCardTests
{
    private static ModelCard Sample() => new("rdn-x", "RDN x", "RDN", 4, 3, [0, 255], [0, 255], "DIV2K", 42,
        "@scope/pkg", "1.0.0", "MIT", new string('a', 64), "notes", false);

    [Fact]
    public void Json_uses_camel_case_and_round_trips()
    {
        var card = Sample();
        var json = card.ToJson();

        Assert.Contains("\"displayName\": \"RDN x\"", json);
        Assert.Contains("\"inputRange\": [", json);
        Assert.Contains("\"inferred\": false", json);
        Assert.Equal(card, ModelCard.FromJson(json));
        Assert.NotEqual(card, ModelCard.FromJson(json) with { OutputRange = [0, 1] });
    }

    private static ModelQuantization Quantization(params string[] heldOut) => new("rdn-x", new string('a', 64), "QDQ",
        "/data", ["A/1.png", "A/2.png"], heldOut, 64, 8, 12, 30.5, 30.25, -0.25, -0.5,
        new Dictionary<string, string> { ["onnxruntime"] = "1.31.0" });

    [Fact]
    public void Quantization_record_uses_snake_case_and_round_trips()
    {
        var card = Sample() with { Id = "rdn-x-int8", Quantization = Quantization("B/3.png") };
        var json = card.ToJson();

        Assert.Contains("\"quantization\": {", json);
        Assert.Contains("\"delta_psnr_mean_db\": -0.25", json);
        Assert.Contains("\"held_out_images\": [", json);
        Assert.Equal(card, ModelCard.FromJson(json));
        Assert.NotEqual(card, card with { Quantization = Quantization("B/4.png") });
        Assert.DoesNotContain("quantization", Sample().ToJson()); // absent on other cards
    }

    [Fact]
    public void Quantization_whose_held_out_images_overlap_the_calibration_images_is_rejected()
    {
        var card = Sample() with { Quantization = Quantization("A/2.png") };

        var ex = Assert.Throws<InvalidDataException>(() => ModelCard.FromJson(card.ToJson()));
        Assert.Contains("calibration_images and held_out_images", ex.Message);
    }

    [Fact]
    public void Card_without_sha256_is_rejected()
    {
        var json = Sample().ToJson().Replace(new string('a', 64), "abc");

        var ex = Assert.Throws<InvalidDataException>(() => ModelCard.FromJson(json));
        Assert.Contains("sha256", ex.Message);
    }

    [Fact]
    public void Gray_levels_map_to_and_from_the_network_ranges()
    {
        var card = Sample() with { InputRange = [0, 1], OutputRange = [-1, 1] };

        Assert.Equal(0.5f, card.ToInput(127.5), 6);
        Assert.Equal(255.0, card.ToGray(1f), 6);
        Assert.Equal(127.5, card.ToGray(0f), 6);
    }
}
