using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Upsampling;
using Xunit.Abstractions;

namespace SemSrDashboard.Tests.Upsampling;

public class OnnxUpsamplerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = OnnxTestModels.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private OnnxUpsampler OpenGainModel(float[] gains, int scale, float offset, double[] inputRange, double[] outputRange, int tile = 0, int pad = 0)
    {
        string path = OnnxTestModels.WriteGainModel(Path.Combine(_folder, $"gain-{Guid.NewGuid():N}.onnx"), gains, scale, offset);
        var card = OnnxTestModels.CardFor(path, scale, gains.Length, inputRange, outputRange);
        return OnnxUpsampler.Open(path, card, Devices.Cpu, tile, pad);
    }

    private static GrayImage AllGrayLevels()
    {
        var pixels = Enumerable.Range(0, 256).Select(g => (byte)g).ToArray();
        return new GrayImage(16, 16, pixels);
    }

    [Fact]
    public void Gray_is_the_half_up_mean_of_the_clipped_half_up_rounded_channels()
    {
        // Channels g/2 − 1, g − 1, 1.5·g − 1 on the 0–255 scale: negative values, exact halves and values above 255.
        using var upsampler = OpenGainModel([0.5f, 1f, 1.5f], 2, -1, [0, 255], [0, 255]);
        var result = upsampler.Upsample(AllGrayLevels(), 2);

        Assert.Equal((32, 32), (result.Width, result.Height));
        for (int g = 0; g < 256; g++)
        {
            int red = g == 0 ? 0 : (g - 1) / 2;                    // floor(g/2 − 1 + 0.5), clipped at 0
            int green = Math.Max(0, g - 1);
            int blue = g == 0 ? 0 : Math.Min(255, (3 * g - 1) / 2); // floor(1.5·g − 1 + 0.5), clipped to 0–255
            int expected = (2 * (red + green + blue) + 3) / 6;      // floor(mean + 0.5)
            int x = g % 16 * 2, y = g / 16 * 2;
            Assert.True(expected == result[x, y], $"grey {g}: expected {expected}, got {result[x, y]}");
            Assert.Equal(result[x, y], result[x + 1, y + 1]);
        }
    }

    [Fact]
    public void Gray_levels_are_mapped_onto_the_card_input_range_and_back_from_the_output_range()
    {
        // Input range [0, 1] and output range [−1, 1]: an identity network turns grey g into (g/255 + 1)/2 · 255.
        using var upsampler = OpenGainModel([1f, 1f, 1f], 2, 0, [0, 1], [-1, 1]);
        var result = upsampler.Upsample(AllGrayLevels(), 2);
        for (int g = 0; g < 256; g++)
            Assert.Equal((int)Math.Floor(((double)(float)(g / 255.0) + 1) / 2 * 255 + 0.5), result[g % 16 * 2, g / 16 * 2]);
        Assert.Equal(128, result[0, 0]);
        Assert.Equal(255, result[30, 30]);
    }

    [Fact]
    public void Seed_output_is_mapped_to_0_255_but_neither_clipped_nor_rounded()
    {
        using var upsampler = OpenGainModel([0.5f, 1f, 1.5f], 2, -1, [0, 255], [0, 255]);
        byte[] rgb = [3, 0, 200, 10, 20, 30]; // two pixels, interleaved RGB
        var result = upsampler.UpsampleRgb(rgb, 2, 1, 2);

        Assert.Equal(4 * 2 * 3, result.Length);
        Assert.Equal([0.5f, -1f, 299f], result[..3]);
        Assert.Equal([0.5f, -1f, 299f], result[3..6]);   // nearest neighbour: (1, 0) repeats (0, 0)
        Assert.Equal([4f, 19f, 44f], result[6..9]);
        Assert.Equal([4f, 19f, 44f], result[(12 + 9)..(12 + 12)]); // second output row, last pixel
    }

    [Fact]
    public void Seed_output_maps_other_ranges_linearly()
    {
        using var upsampler = OpenGainModel([2f, 2f, 2f], 2, 0, [0, 1], [0, 1]);
        var result = upsampler.UpsampleRgb([0, 51, 255], 1, 1, 2);
        Assert.Equal(0f, result[0]);
        Assert.Equal(102f, result[1], 3);
        Assert.Equal(510f, result[2], 3);
    }

    [Fact]
    public void A_one_channel_network_is_fed_the_grey_image_directly_and_each_colour_in_seed_mode()
    {
        using var upsampler = OpenGainModel([1f], 2, 0, [0, 1], [0, 1]);
        var lr = new GrayImage(3, 2, [0, 10, 20, 128, 254, 255]);
        var result = upsampler.Upsample(lr, 2);
        for (int y = 0; y < 4; y++)
        for (int x = 0; x < 6; x++)
            Assert.Equal(lr[x / 2, y / 2], result[x, y]);

        var rgb = upsampler.UpsampleRgb([10, 20, 30], 1, 1, 2);
        Assert.Equal([10f, 20f, 30f], rgb[..3].Select(v => MathF.Round(v, 3)));
    }

    [Fact]
    public void Untiled_grey_output_follows_the_raw_network_output_of_the_slim_model()
    {
        using var upsampler = OnnxTestModels.OpenBundled("rdn-slim-x4", tile: 0, pad: 0);
        var card = upsampler.Card;
        var lr = OnnxTestModels.DemoCrop(40, 24);
        var data = new float[3 * lr.Pixels.Length];
        for (int c = 0; c < 3; c++)
        for (int i = 0; i < lr.Pixels.Length; i++)
            data[c * lr.Pixels.Length + i] = card.ToInput(lr.Pixels[i]);
        var raw = upsampler.InferRaw(new PlanarTensor(data, 3, lr.Height, lr.Width));
        var result = upsampler.Upsample(lr, 4);

        Assert.Equal((160, 96), (result.Width, result.Height));
        Assert.Equal((3, 96, 160), (raw.Channels, raw.Height, raw.Width));
        for (int i = 0; i < result.Pixels.Length; i++)
        {
            int sum = 0;
            for (int c = 0; c < 3; c++)
                sum += (int)Math.Floor(card.ToGray(Math.Clamp(raw.Data[c * raw.PlaneSize + i], 0f, 255f)) + 0.5);
            Assert.Equal((2 * sum + 3) / 6, result.Pixels[i]);
        }
        var seed = upsampler.UpsampleRgb([.. lr.Pixels.SelectMany(p => new[] { p, p, p })], lr.Width, lr.Height, 4);
        Assert.Equal(raw.Data[7], seed[21], 3);
    }

    [Fact]
    public void Tiled_output_matches_untiled_within_one_grey_level_on_a_real_256x192_crop()
    {
        var lr = OnnxTestModels.DemoCrop(256, 192);
        using var untiled = OnnxTestModels.OpenBundled("rdn-slim-x4", tile: 0, pad: 0);
        using var tiled = OnnxTestModels.OpenBundled("rdn-slim-x4", tile: 64, pad: 16);
        var whole = untiled.Upsample(lr, 4);
        var stitched = tiled.Upsample(lr, 4);

        Assert.Equal((1024, 768), (stitched.Width, stitched.Height));
        int differing = 0, largest = 0;
        for (int i = 0; i < whole.Pixels.Length; i++)
        {
            int difference = Math.Abs(whole.Pixels[i] - stitched.Pixels[i]);
            if (difference > 0) differing++;
            largest = Math.Max(largest, difference);
        }
        double fraction = differing / (double)whole.Pixels.Length;
        output.WriteLine($"rdn-slim-x4, tile 64, pad 16, 256×192 LR: {differing} of {whole.Pixels.Length} pixels differ " +
                         $"({fraction:P4}), largest difference {largest}");
        Assert.True(largest <= 1, $"largest difference {largest}");
        Assert.True(fraction < 0.001, $"{differing} pixels differ");
    }

    [Fact]
    public void A_scale_other_than_the_models_is_refused()
    {
        using var upsampler = OnnxTestModels.OpenBundled("rdn-slim-x4", tile: 0, pad: 0);
        var e = Assert.Throws<ArgumentException>(() => upsampler.Upsample(new GrayImage(8, 8), 2));
        Assert.Contains("×4", e.Message);
    }

    [Fact]
    public void Reports_its_model_provider_and_tiling()
    {
        using var upsampler = OnnxTestModels.OpenBundled("rdn-slim-x4", tile: 96, pad: 8);
        Assert.Equal("rdn-slim-x4", upsampler.Id);
        Assert.Equal(Devices.CpuProvider, ((IReportsProvider)upsampler).Provider);
        Assert.False(upsampler.IsInterpolation);
        Assert.False(upsampler.IsThreadSafe);
        Assert.Equal((96, 8), (upsampler.Tile, upsampler.TilePad));
    }
}
