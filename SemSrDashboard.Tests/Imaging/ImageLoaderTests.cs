using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests.Imaging;

public sealed class ImageLoaderTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("semsr-loader-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    public static TheoryData<string> SampleFormats => new(LoaderFixtures.Cases.Select(c => c.File));

    [Theory]
    [MemberData(nameof(SampleFormats))]
    public void DecodesEverySampleFormatExactlyAsOpenCvGrayscale(string file)
    {
        var expected = LoaderFixtures.Cases.Single(c => c.File == file);

        var loaded = ImageLoader.Load(LoaderFixtures.PathOf(file));

        Assert.Equal((expected.Width, expected.Height), (loaded.Image.Width, loaded.Image.Height));
        Assert.Equal(expected.BitDepth, loaded.SourceBitDepth);
        Assert.Equal(expected.Channels, loaded.SourceChannels);
        Assert.Equal(expected.NearlyBlack, loaded.NearlyBlack);
        byte[] want = LoaderFixtures.Bytes(expected.Expected);
        int differing = want.Zip(loaded.Image.Pixels).Count(p => p.First != p.Second);
        Assert.True(differing == 0, $"{file}: {differing} of {want.Length} pixels differ from cv2.imread(IMREAD_GRAYSCALE)");
    }

    [Fact]
    public void TheFixturesCoverEverySampleEncoding()
    {
        var cases = LoaderFixtures.Cases;
        Assert.Contains(cases, c => c.File.EndsWith(".png") && c.BitDepth == 8 && c.Channels == 1);
        Assert.Contains(cases, c => c.File.EndsWith(".png") && c.BitDepth == 16 && !c.NearlyBlack);
        Assert.Contains(cases, c => c.File.EndsWith(".png") && c.BitDepth == 16 && c.NearlyBlack);
        Assert.Contains(cases, c => c.File.EndsWith(".tif") && c.BitDepth == 8 && c.Channels == 1);
        Assert.Contains(cases, c => c.File.EndsWith(".tif") && c.BitDepth == 16);
        Assert.Contains(cases, c => c.File.StartsWith("palette") && c.File.EndsWith(".tif") && c.Channels == 3);
        Assert.Contains(cases, c => c.File.EndsWith(".jpg") && c.Channels == 3);
        Assert.Contains(cases, c => c.File.EndsWith(".png") && c.Channels == 3);
        Assert.Contains(cases, c => c.File.EndsWith(".bmp") && c.Channels == 3);
    }

    [Fact]
    public void SixteenBitDataTimes256DecodesToItsHighByte()
    {
        var loaded = ImageLoader.Load(LoaderFixtures.PathOf("grey16x256_lung.png"));
        Assert.False(loaded.NearlyBlack);
        Assert.True(loaded.Image.Pixels.Distinct().Count() > 20);
    }

    [Fact]
    public void SixteenBitDataInTheLowByteIsFlaggedNearlyBlack()
    {
        var loaded = ImageLoader.Load(LoaderFixtures.PathOf("grey16lowbyte_lung.png"));
        Assert.True(loaded.NearlyBlack);
        Assert.Equal(16, loaded.SourceBitDepth);
        Assert.All(loaded.Image.Pixels, p => Assert.Equal(0, p));
    }

    [Fact]
    public void DecodeFromMemoryMatchesLoad()
    {
        string path = LoaderFixtures.PathOf("grey8_shale.tif");
        Assert.Equal(ImageLoader.Load(path).Image.Pixels, ImageLoader.Decode(File.ReadAllBytes(path)).Image.Pixels);
    }

    [Fact]
    public void AZeroByteFileIsRefusedWithAMessage()
    {
        string path = Write("empty.png", []);
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path));
        Assert.Equal("file is empty (0 bytes)", e.Message);
    }

    [Fact]
    public void ATruncatedPngIsRefusedWithAMessage()
    {
        byte[] png = LoaderFixtures.Bytes("grey8_nanowires.png");
        string path = Write("truncated.png", png[..(png.Length / 2)]);
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path));
        Assert.Contains("not a decodable image", e.Message);
    }

    [Fact]
    public void ATextFileNamedTifIsRefusedWithAMessage()
    {
        string path = Write("notes.tif", "Sample 3, 5 kV, 1000x\nno image here\n"u8.ToArray());
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path));
        Assert.Contains("not a decodable image", e.Message);
    }

    [Fact]
    public void RandomBytesBehindAJpegHeaderAreRefusedWithAMessage()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        byte[] header = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
        header.CopyTo(bytes, 0);
        string path = Write("noise.jpg", bytes);
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path));
        Assert.Contains("not a decodable image", e.Message);
    }

    [Fact]
    public void ATiffHeaderWithoutImageDataIsRefusedWithAMessage()
    {
        byte[] tif = LoaderFixtures.Bytes("grey16_febid.tif");
        string path = Write("cut.tif", tif[..16]);
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path));
        Assert.Contains("not a decodable image", e.Message);
    }

    [Fact]
    public void AMissingFileIsRefusedWithAMessage()
    {
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(Path.Combine(_temp, "missing.png")));
        Assert.StartsWith("cannot read file:", e.Message);
    }

    [Fact]
    public void AFolderIsRefusedWithAMessage()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_temp, "folder.png")).FullName;
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(folder));
        Assert.StartsWith("cannot read file:", e.Message);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_temp, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
