using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Quantization;
using SemSrDashboard.Tests.Upsampling;

namespace SemSrDashboard.Tests.Models;

/// <summary>Which images calibrate and which are held out, and where the calibration patches come from.</summary>
public sealed class CalibrationSetTests : IDisposable
{
    private readonly string _root = OnnxTestModels.TempFolder();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Writes <paramref name="count"/> PNGs of <paramref name="width"/> × <paramref name="height"/> whose
    /// pixel value is x/4 + y/4 (mod 256): after the ×4 shrink, LR pixel (x, y) is x + y, so a patch's first value
    /// gives its origin.</summary>
    private void WriteImages(int count, int width, int height)
    {
        Directory.CreateDirectory(Path.Combine(_root, "C"));
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            pixels[y * width + x] = (byte)((x / 4 + y / 4) % 256);
        using var mat = ImageLoader.ToMat(new GrayImage(width, height, pixels));
        for (int i = 0; i < count; i++)
            Cv2.ImWrite(Path.Combine(_root, "C", $"{i:D2}.png"), mat);
    }

    [Theory]
    [InlineData(2, 16, 1, 1)]   // fewer than four: the last one is held out
    [InlineData(9, 16, 7, 2)]   // the 4th and 8th
    [InlineData(20, 8, 6, 2)]   // eight spread over twenty (0, 2, 5, 7, 10, 12, 15, 17); 7 and 17 held out
    public void Every_fourth_selected_image_is_held_out(int files, int images, int calibration, int heldOut)
    {
        WriteImages(files, 64, 64);

        var set = CalibrationSet.Prepare(_root, images, 4, FileImageDecoder.Instance);

        Assert.Equal((calibration, heldOut), (set.Calibration.Count, set.HeldOut.Count));
        Assert.Empty(set.Calibration.Select(i => i.RelativePath).Intersect(set.HeldOut.Select(i => i.RelativePath)));
        if (files == 20)
            Assert.Equal(["C/00.png", "C/02.png", "C/05.png", "C/10.png", "C/12.png", "C/15.png"], set.Calibration.Select(i => i.RelativePath));
    }

    [Fact]
    public void Four_patches_are_centred_at_a_quarter_and_three_quarters_of_the_low_resolution_image()
    {
        WriteImages(2, 1024, 768); // LR 256 × 192

        var set = CalibrationSet.Prepare(_root, 2, 4, FileImageDecoder.Instance);
        var card = OnnxTestModels.BundledCard("rdn-slim-x4"); // input range [0, 255], three channels
        var patches = set.Patches(card).ToList();

        Assert.Equal(4, patches.Count);
        Assert.All(patches, p => Assert.Equal((3, 64, 64), (p.Channels, p.Height, p.Width)));
        // LR pixel (x, y) of this image is x + y (INTER_AREA of constant 4×4 blocks); the patches start at
        // (32, 16), (160, 16), (32, 112), (160, 112).
        Assert.Equal([48f, 176f, 144f, 272f % 256], patches.Select(p => p.Data[0]).ToArray());
    }

    [Fact]
    public void Too_few_images_are_refused_with_the_reason()
    {
        WriteImages(1, 64, 64);

        var e = Assert.Throws<QuantizationException>(() => CalibrationSet.Prepare(_root, 16, 4, FileImageDecoder.Instance));
        Assert.Contains("at least 2 usable images", e.Message);
    }
}
