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

    [Fact]
    public void Card_without_sha256_is_rejected()
    {
        var json = Sample().ToJson().Replace(new string('a', 64), "abc");

        var ex = Assert.Throws<InvalidDataException>(() => ModelCard.FromJson(json));
        Assert.Contains("sha256", ex.Message);
    }

    [Fact]
    public void Grey_levels_map_to_and_from_the_network_ranges()
    {
        var card = Sample() with { InputRange = [0, 1], OutputRange = [-1, 1] };

        Assert.Equal(0.5f, card.ToInput(127.5), 6);
        Assert.Equal(255.0, card.ToGrey(1f), 6);
        Assert.Equal(127.5, card.ToGrey(0f), 6);
    }
}
