using System.Runtime.InteropServices;
using System.Text.Json;
using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests.Metrics;

/// <summary>Reads Fixtures/metrics (written by tools/fixtures/make_metric_fixtures.py).</summary>
internal static class MetricFixtures
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "metrics");

    private static readonly Lazy<JsonElement> Doc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "expected.json"))).RootElement);

    public sealed record GrayCase(string Name, string Kind, int Width, int Height, string Ref, string Test,
        double Psnr, double? Ssim, double SsimSkimage);

    public sealed record SeedCase(string Name, int Width, int Height, string Ref, string Out, double Psnr, double Ssim);

    public static IReadOnlyList<GrayCase> Gray => Doc.Value.GetProperty("grey").EnumerateArray().Select(e => new GrayCase(
        e.GetProperty("name").GetString()!, e.GetProperty("kind").GetString()!,
        e.GetProperty("width").GetInt32(), e.GetProperty("height").GetInt32(),
        e.GetProperty("ref").GetString()!, e.GetProperty("test").GetString()!,
        Number(e.GetProperty("psnr")),
        e.GetProperty("ssim").ValueKind == JsonValueKind.Null ? null : Number(e.GetProperty("ssim")),
        Number(e.GetProperty("ssim_skimage")))).ToList();

    public static IReadOnlyList<SeedCase> Seed => Doc.Value.GetProperty("seed").EnumerateArray().Select(e => new SeedCase(
        e.GetProperty("name").GetString()!, e.GetProperty("width").GetInt32(), e.GetProperty("height").GetInt32(),
        e.GetProperty("ref").GetString()!, e.GetProperty("out").GetString()!,
        Number(e.GetProperty("psnr")), Number(e.GetProperty("ssim")))).ToList();

    public static GrayCase GrayByName(string name) => Gray.Single(c => c.Name == name);
    public static SeedCase SeedByName(string name) => Seed.Single(c => c.Name == name);

    public static GrayImage LoadGray(string relative) => ImageLoader.Load(Path.Combine(Root, relative)).Image;

    /// <summary>The uint8 RGB reference, interleaved H×W×3 in R,G,B order.</summary>
    public static byte[] LoadRgb(string relative, int width, int height)
    {
        using var bgr = Cv2.ImRead(Path.Combine(Root, relative), ImreadModes.Color);
        Assert.False(bgr.Empty());
        Assert.Equal((width, height), (bgr.Width, bgr.Height));
        using var rgb = new Mat();
        Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);
        Assert.True(rgb.IsContinuous());
        var data = new byte[width * height * 3];
        Marshal.Copy(rgb.Data, data, 0, data.Length);
        return data;
    }

    /// <summary>The float32 output, little-endian interleaved H×W×3.</summary>
    public static float[] LoadF32(string relative, int width, int height)
    {
        Assert.True(BitConverter.IsLittleEndian);
        var bytes = File.ReadAllBytes(Path.Combine(Root, relative));
        Assert.Equal(width * height * 3 * sizeof(float), bytes.Length);
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when e.GetString() == "Infinity" => double.PositiveInfinity,
        _ => throw new InvalidDataException($"not a number: {e}"),
    };

    public static TheoryData<string> GrayNames(Func<GrayCase, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var c in Gray.Where(filter)) data.Add(c.Name);
        return data;
    }
}
