using System.Buffers.Binary;
using OpenCvSharp;
using SemSrDashboard.Tests.Imaging;
using SemSrDashboard.Tests.Runs;
using SemSrDashboard.Tests.Security;

namespace SemSrDashboard.Tests.Reliability;

/// <summary>What one file of <see cref="MalformedDataSet"/> must give: <c>ok</c> rows, or <c>failed</c> rows whose
/// error contains every key word.</summary>
public sealed record ExpectedOutcome(string RelativePath, string Case, bool Ok, params string[] KeyWords);

/// <summary>Adds broken, hostile and unusual files to a <see cref="RunWorkspace"/>'s data folder (next to its good
/// demo images) and says what each must give.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // setpriv, unshare, tmpfs and file modes
public static class MalformedDataSet
{
    public const string Category = "malformed";
    public const string UnreadableFile = Category + "/unreadable.png";

    /// <summary>Writes the files; the demo images already in the workspace are expected to be <c>ok</c>.</summary>
    public static IReadOnlyList<ExpectedOutcome> Write(RunWorkspace workspace)
    {
        string demoPng = Directory.EnumerateFiles(workspace.Data, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        using var demo = Cv2.ImRead(demoPng, ImreadModes.Grayscale);
        byte[] png = demo.ImEncode(".png");
        byte[] jpeg = demo.ImEncode(".jpg");
        byte[] tiff = demo.ImEncode(".tif");

        var expected = Directory.EnumerateFiles(workspace.Data, "*.png", SearchOption.AllDirectories)
            .Select(file => new ExpectedOutcome(Path.GetRelativePath(workspace.Data, file).Replace('\\', '/'), "bundled demo image", true))
            .ToList();
        void Add(string relative, byte[] bytes, string what, bool ok, params string[] keyWords)
        {
            string path = Path.Combine(workspace.Data, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            expected.Add(new ExpectedOutcome(relative, what, ok, keyWords));
        }

        Add($"{Category}/empty.png", [], "zero-byte file", false, "empty", "0 bytes");
        const string corrupt = "not a decodable image: corrupt, truncated or not an image";
        Add($"{Category}/truncated.png", png[..(png.Length / 2)], "PNG cut in half", false, corrupt);
        Add($"{Category}/truncated.jpg", jpeg[..(jpeg.Length * 9 / 10)], "JPEG cut at 90 % (headers intact, scan data cut)", false, corrupt);
        Add($"{Category}/truncated.tif", tiff[..(tiff.Length / 2)], "TIFF cut in half (directory at the end lost)", false, corrupt);
        byte[] strips = File.ReadAllBytes(LoaderFixtures.PathOf("grey16_bse.tif"));
        Add($"{Category}/truncated-strips.tif", strips[..(strips.Length * 9 / 10)], "TIFF cut at 90 % (directory intact, pixel strips cut)", false, corrupt);
        Add($"{Category}/notes.tif", "Sample 7, 5 kV, 1000x. Not an image.\n"u8.ToArray(), "text file named .tif", false, corrupt);
        Add($"{Category}/noise.jpg", JpegHeaderThenNoise(), "random bytes behind a JPEG header", false, corrupt);
        Add($"{Category}/one-pixel.png", Encode(1, 1), "1×1 image", false, "too small", "the file has 1×1 px");
        Add($"{Category}/seven-pixels.png", Encode(7, 7), "7×7 image", false, "too small", "the file has 7×7 px");
        Add($"{Category}/three-rows.png", Encode(256, 3), "256×3 image (3 rows)", false, "too small", "the file has 256×3 px");
        Add($"{Category}/bomb.png", PngClaiming(100_000, 100_000), "PNG whose header claims 100,000 × 100,000 pixels", false,
            "too large", "100000×100000", "SEMSR_MAX_IMAGE_PIXELS");
        Add($"{Category}/bomb.tif", TiffClaiming(100_000, 100_000), "TIFF whose header claims 100,000 × 100,000 pixels", false,
            "too large", "100000×100000");
        Add(UnreadableFile, png, "file unreadable to the service's user (mode 000)", false, "cannot read file", "denied");
        File.SetUnixFileMode(Path.Combine(workspace.Data, UnreadableFile), UnixFileMode.None);

        // Formats that must work.
        Add("formats/grey16.tif", File.ReadAllBytes(LoaderFixtures.PathOf("grey16_bse.tif")), "16-bit grey TIFF", true);
        Add("formats/palette.tif", File.ReadAllBytes(LoaderFixtures.PathOf("palette_particles.tif")), "palette TIFF", true);

        // Names that must survive the database, the CSV and the file system.
        Add("odd names/with space.png", png, "space in folder and file name", true);
        Add("odd names/Mikroskopie µm 显微镜.png", png, "Unicode file name", true);
        Add("odd names/sample#3.png", png, "'#' in file name", true);
        Add("odd names/100%25 dose.png", png, "'%' in file name", true);

        // A loop of file links is not an image (ignored when scanning, like a dangling link), and a folder link back
        // to the root is not followed twice: neither gives a row.
        File.CreateSymbolicLink(Path.Combine(workspace.Data, Category, "loop-a.png"), Path.Combine(workspace.Data, Category, "loop-b.png"));
        File.CreateSymbolicLink(Path.Combine(workspace.Data, Category, "loop-b.png"), Path.Combine(workspace.Data, Category, "loop-a.png"));
        Directory.CreateSymbolicLink(Path.Combine(workspace.Data, Category, "back-to-root"), workspace.Data);

        return expected;
    }

    /// <summary>Random grey pixels of the given size as PNG.</summary>
    public static byte[] Encode(int width, int height, string extension = ".png")
    {
        using var mat = new Mat(height, width, MatType.CV_8UC1);
        Cv2.Randu(mat, 0, 255);
        return mat.ImEncode(extension);
    }

    /// <summary>A valid 16×16 PNG whose IHDR claims <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static byte[] PngClaiming(uint width, uint height)
    {
        byte[] png = Encode(16, 16);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), height);
        return png;
    }

    /// <summary>A valid 16×16 TIFF whose first IFD claims <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static byte[] TiffClaiming(uint width, uint height)
    {
        byte[] tiff = Encode(16, 16, ".tif");
        DecompressionBombTests.PatchTiffSize(tiff, width, height);
        return tiff;
    }

    /// <summary>SOI and a JFIF APP0 segment, then 4 KiB of random bytes.</summary>
    private static byte[] JpegHeaderThenNoise()
    {
        byte[] header = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
        byte[] noise = new byte[4096];
        new Random(20240607).NextBytes(noise);
        return [.. header, .. noise];
    }
}
