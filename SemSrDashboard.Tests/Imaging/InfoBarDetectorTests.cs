using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests.Imaging;

public class InfoBarDetectorTests
{
    private static string Fixture(string name) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "infobar", name);

    // Bottom crops of real sample images, decoded as ImageLoader decodes the originals (see Fixtures/infobar/NOTICE.md).
    [Theory]
    [InlineData("febid_A3_50k1T_001_bottom300_bar70.png", 70)]
    [InlineData("s2s_multiBSE_A_05_bottom330_bar79.png", 79)]
    [InlineData("bamrough_2108293_bottom460_bar112.png", 112)]
    [InlineData("nffa_L6_bottom380_bar92.png", 92)]
    [InlineData("nffa_L6_darkstrip_bottom520_bar115.png", 115)]
    public void Finds_strip_in_real_crops_within_four_rows(string file, int expected)
    {
        var image = ImageLoader.Load(Fixture(file)).Image;

        int rows = InfoBarDetector.Detect(image);

        Assert.InRange(rows, expected - 4, expected + 4);
    }

    [Theory]
    [InlineData("lung_NiO_DCs_031_bottom256_nobar.png")]
    [InlineData("lung_NiO_Bottom_7_bottom200_nobar.png")]
    [InlineData("deepsem_135nm_07_bottom240_nobar.png")]
    [InlineData("gscshale_0024_full_nobar.png")]
    public void Crops_nothing_from_real_images_without_strip(string file)
    {
        var image = ImageLoader.Load(Fixture(file)).Image;

        Assert.Equal(0, InfoBarDetector.Detect(image));
    }

    [Fact]
    public void Finds_black_strip_with_white_text_under_texture()
    {
        var image = Synthetic.Textured(512, 400, seed: 1);
        Synthetic.DrawStrip(image, top: 340, background: 0, ink: 255);

        Assert.Equal(60, InfoBarDetector.Detect(image));
    }

    [Fact]
    public void Finds_grey_strip_with_dark_text()
    {
        var image = Synthetic.Textured(640, 480, seed: 2);
        Synthetic.DrawStrip(image, top: 430, background: 200, ink: 20);

        Assert.Equal(50, InfoBarDetector.Detect(image));
    }

    [Fact]
    public void Finds_box_drawn_above_the_last_image_rows()
    {
        // Zeiss-style data zone: a white box with dark text, 10 rows of image still below it.
        var image = Synthetic.Textured(512, 400, seed: 3);
        Synthetic.DrawStrip(image, top: 330, background: 255, ink: 0, bottom: 390);

        Assert.Equal(70, InfoBarDetector.Detect(image));
    }

    [Fact]
    public void Removes_everything_from_a_white_band_down_over_a_dark_strip_beneath_it()
    {
        // White data zone (rows 300-360) with a dark, noisy (not drawn-flat) instrument strip of 40 rows below it:
        // more than a quarter of the band's height, so it is not image content left under a box.
        var image = Synthetic.Textured(512, 400, seed: 10);
        Synthetic.DrawStrip(image, top: 300, background: 255, ink: 0, bottom: 360);
        FillDarkNoise(image, fromRow: 360, seed: 11);

        Assert.Equal(100, InfoBarDetector.Detect(image));
    }

    [Fact]
    public void Crops_nothing_when_image_rows_between_band_and_dark_strip_exceed_the_allowance()
    {
        // Only a dark strip is excused: 30 rows of bright image content between a 40-row band and the dark strip
        // are more than a quarter of the would-be strip (100 rows), so this is a flat box over the image, not a bar.
        var image = Synthetic.Textured(512, 400, seed: 12);
        Synthetic.DrawStrip(image, top: 300, background: 255, ink: 0, bottom: 340);
        FillDarkNoise(image, fromRow: 370, seed: 13);

        Assert.Equal(0, InfoBarDetector.Detect(image));
    }

    /// <summary>A dark instrument strip as a detector sees it: noisy grey levels 6-14 from a row to the bottom.</summary>
    private static void FillDarkNoise(GrayImage image, int fromRow, int seed)
    {
        var rng = new Random(seed);
        for (int i = fromRow * image.Width; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)rng.Next(6, 15);
    }

    [Fact]
    public void Stops_at_noisy_black_image_above_clean_black_strip()
    {
        // Image fading into clipped black with sparse noise, then a drawn black strip: only the clean rows count.
        var image = Synthetic.Textured(512, 400, seed: 4);
        var rng = new Random(5);
        for (int y = 250; y < 400; y++)
            for (int x = 0; x < 512; x++)
                image.Pixels[y * 512 + x] = (byte)(rng.Next(100) == 0 ? rng.Next(1, 4) : 0);
        Synthetic.DrawStrip(image, top: 330, background: 0, ink: 255);

        Assert.InRange(InfoBarDetector.Detect(image), 69, 71);
    }

    [Fact]
    public void Crops_nothing_from_uniform_image()
    {
        var image = new GrayImage(300, 200);
        Array.Fill(image.Pixels, (byte)128);

        Assert.Equal(0, InfoBarDetector.Detect(image));
    }

    [Fact]
    public void Crops_nothing_from_textured_image()
    {
        Assert.Equal(0, InfoBarDetector.Detect(Synthetic.Textured(400, 300, seed: 6)));
    }

    [Fact]
    public void Crops_nothing_when_bottom_is_dark_but_textured()
    {
        var image = Synthetic.Textured(400, 300, seed: 7);
        var rng = new Random(8);
        for (int y = 230; y < 300; y++)
            for (int x = 0; x < 400; x++)
                image.Pixels[y * 400 + x] = (byte)rng.Next(0, 25);

        Assert.Equal(0, InfoBarDetector.Detect(image));
    }

    [Fact]
    public void Crops_nothing_from_flat_black_bottom_without_text()
    {
        var image = Synthetic.Textured(400, 300, seed: 9);
        Array.Fill(image.Pixels, (byte)0, 240 * 400, 60 * 400);

        Assert.Equal(0, InfoBarDetector.Detect(image));
    }

    [Fact]
    public void Crops_nothing_from_tiny_image()
    {
        Assert.Equal(0, InfoBarDetector.Detect(new GrayImage(8, 8)));
    }

    [Fact]
    public void Crop_copies_top_rows()
    {
        var image = new GrayImage(3, 4, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

        var top = InfoBarDetector.Crop(image, 1);

        Assert.Equal(3, top.Width);
        Assert.Equal(3, top.Height);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, top.Pixels);
        top.Pixels[0] = 99;
        Assert.Equal(1, image.Pixels[0]);
    }

    [Fact]
    public void Crop_of_zero_rows_is_a_copy()
    {
        var image = new GrayImage(2, 2, [1, 2, 3, 4]);

        var copy = InfoBarDetector.Crop(image, 0);

        Assert.Equal(image.Pixels, copy.Pixels);
        Assert.NotSame(image.Pixels, copy.Pixels);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(5)]
    public void Crop_rejects_rows_outside_the_image(int rows)
    {
        var image = new GrayImage(2, 4);

        Assert.Throws<ArgumentOutOfRangeException>(() => InfoBarDetector.Crop(image, rows));
    }
}
