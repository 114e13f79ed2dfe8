using System.Text.Json;

namespace SemSrDashboard.Tests.Imaging;

/// <summary>Reads Fixtures/loader (written by tools/fixtures/make_loader_fixtures.py).</summary>
internal static class LoaderFixtures
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "loader");

    public sealed record LoaderCase(string File, string Expected, int Width, int Height, int BitDepth, int Channels, bool NearlyBlack)
    {
        public override string ToString() => File;
    }

    public sealed record ScaleCase(int Scale, int CropWidth, int CropHeight, string Crop, string Area, IReadOnlyDictionary<string, string> Upscaled);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static IReadOnlyList<LoaderCase> Cases { get; } =
        JsonSerializer.Deserialize<List<LoaderCase>>(System.IO.File.ReadAllText(Path.Combine(Root, "loader_cases.json")), Json)!;

    public static string ResampleFile { get; } = "resample_nanowires_67x50.png";

    public static IReadOnlyList<ScaleCase> Scales { get; } =
        JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Root, "resample_cases.json"))).RootElement
            .GetProperty("scales").Deserialize<List<ScaleCase>>(Json)!;

    public static string PathOf(string file) => Path.Combine(Root, file);

    public static byte[] Bytes(string file) => System.IO.File.ReadAllBytes(PathOf(file));
}
