using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Upsampling;

public class TiledInferenceTests
{
    [Theory]
    [InlineData(100, 70, 32, 8)]
    [InlineData(64, 64, 64, 16)]
    [InlineData(10, 300, 7, 3)]
    public void Cores_cover_every_pixel_once_and_contexts_add_the_pad_clamped_at_the_border(int width, int height, int tile, int pad)
    {
        var covered = new int[width * height];
        foreach (var job in TiledInference.Plan(width, height, tile, pad))
        {
            var (core, context) = (job.Core, job.Context);
            for (int y = core.Y; y < core.Y + core.Height; y++)
            for (int x = core.X; x < core.X + core.Width; x++)
                covered[y * width + x]++;
            Assert.True(core.Width <= tile && core.Height <= tile);
            Assert.Equal(Math.Max(0, core.X - pad), context.X);
            Assert.Equal(Math.Max(0, core.Y - pad), context.Y);
            Assert.Equal(Math.Min(width, core.X + core.Width + pad), context.X + context.Width);
            Assert.Equal(Math.Min(height, core.Y + core.Height + pad), context.Y + context.Height);
        }
        Assert.All(covered, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Tile_zero_or_larger_than_the_image_is_one_tile_of_the_whole_image()
    {
        var whole = new TileRect(0, 0, 50, 40);
        Assert.Equal([new TileJob(whole, whole)], TiledInference.Plan(50, 40, 0, 16));
        Assert.Equal([new TileJob(whole, whole)], TiledInference.Plan(50, 40, 128, 16));
    }

    [Fact]
    public void Stitched_output_of_a_pointwise_network_equals_the_untiled_output()
    {
        int width = 37, height = 23, channels = 2, scale = 3;
        var random = new Random(5);
        var data = Enumerable.Range(0, channels * width * height).Select(_ => (float)random.NextDouble()).ToArray();
        var input = new PlanarTensor(data, channels, height, width);

        float[] Stitch(int tile, int pad)
        {
            var output = new float[channels * width * scale * height * scale];
            int outWidth = width * scale, outPlane = outWidth * height * scale;
            TiledInference.Run(input, scale, tile, pad, NearestTimesTwoPlusOne(scale), (t, sx, sy, tx, ty, w, h) =>
            {
                for (int c = 0; c < channels; c++)
                for (int y = 0; y < h; y++)
                    Array.Copy(t.Data, c * t.PlaneSize + (sy + y) * t.Width + sx, output, c * outPlane + (ty + y) * outWidth + tx, w);
            });
            return output;
        }

        var untiled = Stitch(0, 0);
        Assert.Equal(untiled, Stitch(8, 2));
        Assert.Equal(untiled, Stitch(5, 0));
        Assert.Equal(2 * data[0] + 1, untiled[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void Only_the_last_tile_of_an_image_of_several_is_marked(int tile)
    {
        var input = new PlanarTensor(new float[20 * 30], 1, 20, 30);
        var marks = new List<bool>();
        var network = NearestTimesTwoPlusOne(2);
        TiledInference.Run(input, 2, tile, 2, (t, last) =>
        {
            marks.Add(last);
            return network(t);
        }, (_, _, _, _, _, _, _) => { });
        Assert.Equal(TiledInference.Plan(30, 20, tile, 2).Count, marks.Count);
        Assert.Equal([.. Enumerable.Repeat(false, marks.Count - 1), tile != 0], marks);
        Assert.Equal(tile == 0 ? 1 : 12, marks.Count);
    }

    [Fact]
    public void A_network_that_does_not_scale_by_the_factor_is_reported()
    {
        var input = new PlanarTensor(new float[20], 1, 4, 5);
        var e = Assert.Throws<InvalidDataException>(() =>
            TiledInference.Run(input, 4, 0, 0, NearestTimesTwoPlusOne(2), (_, _, _, _, _, _, _) => { }));
        Assert.Contains("not ×4", e.Message);
    }

    /// <summary>A point-wise "network": 2v + 1, enlarged by nearest neighbour.</summary>
    private static Func<PlanarTensor, PlanarTensor> NearestTimesTwoPlusOne(int scale) => t =>
    {
        int ow = t.Width * scale, oh = t.Height * scale;
        var output = new float[t.Channels * ow * oh];
        for (int c = 0; c < t.Channels; c++)
        for (int y = 0; y < oh; y++)
        for (int x = 0; x < ow; x++)
            output[(c * oh + y) * ow + x] = 2 * t.Data[(c * t.Height + y / scale) * t.Width + x / scale] + 1;
        return new PlanarTensor(output, t.Channels, oh, ow);
    };
}
