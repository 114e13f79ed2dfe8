using System.Runtime.InteropServices;
using System.Text.Json;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Tests.Metrics;

namespace SemSrDashboard.Tests.Inspection;

/// <summary>The invented-detail map against the independent numpy/scipy implementation
/// (tools/fixtures/make_fidelity_fixtures.py), and its colours.</summary>
public class InventedDetailMapTests
{
    private sealed record MapCase(string Name, int Width, int Height, int Scale, string X, string Y, string Agreeing,
        string Invented, double MaxEnergy);

    private static IReadOnlyList<MapCase> Cases() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(FidelityFixtures.Root, "expected.json"))).RootElement
            .GetProperty("maps").EnumerateArray().Select(e => new MapCase(
                e.GetProperty("name").GetString()!, e.GetProperty("width").GetInt32(), e.GetProperty("height").GetInt32(),
                e.GetProperty("scale").GetInt32(), e.GetProperty("x").GetString()!, e.GetProperty("y").GetString()!,
                e.GetProperty("agreeing").GetString()!, e.GetProperty("invented").GetString()!,
                e.GetProperty("max_energy").GetDouble())).ToList();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases()) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EnergiesMatchReference(string name)
    {
        var c = Cases().Single(k => k.Name == name);
        var map = InventedDetailMap.Compute(FidelityFixtures.Load(c.X), FidelityFixtures.Load(c.Y), c.Scale);
        Assert.Equal((c.Width, c.Height), (map.Width, map.Height));
        double[] agreeing = ReadF64(c.Agreeing), invented = ReadF64(c.Invented);
        Assert.Equal(agreeing.Length, map.Agreeing.Length);
        // A = Exy²/Exx divides by local energies that may be tiny: compare on the scale of the map's largest energy.
        double tolerance = 1e-9 * c.MaxEnergy;
        for (int i = 0; i < agreeing.Length; i++)
        {
            Assert.True(Math.Abs(map.Agreeing[i] - agreeing[i]) <= tolerance, $"A at {i}: {map.Agreeing[i]} vs {agreeing[i]}");
            Assert.True(Math.Abs(map.Invented[i] - invented[i]) <= tolerance, $"V at {i}: {map.Invented[i]} vs {invented[i]}");
        }
        Assert.Contains(invented, v => v > 0.01 * c.MaxEnergy); // neither part is trivially zero
        Assert.Contains(agreeing, v => v > 0.01 * c.MaxEnergy);
    }

    [Fact]
    public void IdenticalImagesAgreeEverywhere()
    {
        var image = FidelityFixtures.Load(Cases()[0].X);
        var map = InventedDetailMap.Compute(image, image, 4);
        for (int i = 0; i < map.Invented.Length; i++)
            Assert.True(map.Invented[i] <= 1e-9 * Math.Max(1, map.Agreeing[i]), $"invented {map.Invented[i]} at {i}");
        Assert.Contains(map.Agreeing, a => a > 1);
    }

    [Fact]
    public void ColoursFollowTheInventedFractionAndTheDetailStrength()
    {
        double full = MapRenderer.DetailRmsRange * MapRenderer.DetailRmsRange;
        Assert.Equal(MapRenderer.AgreeingColour, MapRenderer.DetailColour(full, 0));
        Assert.Equal(MapRenderer.InventedColour, MapRenderer.DetailColour(0, full));
        Assert.Equal(MapRenderer.InventedColour, MapRenderer.DetailColour(0, 4 * full)); // saturates
        Assert.Equal(((byte)0, (byte)0, (byte)0), MapRenderer.DetailColour(0, 0));
        // A quarter of the RMS range (square-root scale), all agreeing: half the brightness of the agreeing colour.
        var half = MapRenderer.DetailColour(full / 16, 0);
        Assert.Equal(((byte)0, (byte)57, (byte)89), half);
        // Equal parts at full strength: the midpoint of the two colours.
        var mid = MapRenderer.DetailColour(full / 2, full / 2);
        Assert.Equal(((byte)115, (byte)137, (byte)89), mid);
    }

    [Fact]
    public void RenderedMapIsTheOriginalsSize()
    {
        var c = Cases()[0];
        var image = MapRenderer.InventedDetail(FidelityFixtures.Load(c.X), FidelityFixtures.Load(c.Y), c.Scale);
        Assert.Equal((c.Width, c.Height, 3), (image.Width, image.Height, image.Channels));
    }

    private static double[] ReadF64(string relative)
    {
        Assert.True(BitConverter.IsLittleEndian);
        return MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(Path.Combine(FidelityFixtures.Root, relative))).ToArray();
    }
}
