using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Engine.Upsampling;

/// <summary>A rectangle in low-resolution pixels.</summary>
public readonly record struct TileRect(int X, int Y, int Width, int Height);

/// <summary>One tile: the <see cref="Core"/> whose output is kept and the <see cref="Context"/> (the core plus up to
/// the pad on each side, clamped at the image border) that is fed to the network.</summary>
public readonly record struct TileJob(TileRect Core, TileRect Context);

/// <summary>Receives a tile's network output: the block of <paramref name="width"/> × <paramref name="height"/>
/// output pixels at (<paramref name="sourceX"/>, <paramref name="sourceY"/>) in <paramref name="tileOutput"/>
/// belongs at (<paramref name="targetX"/>, <paramref name="targetY"/>) in the full output.</summary>
public delegate void TileWriter(PlanarTensor tileOutput, int sourceX, int sourceY, int targetX, int targetY, int width, int height);

/// <summary>Runs a network over an image in overlapping tiles so that memory stays bounded on large images: the
/// cores lie on a grid of <c>tile</c> × <c>tile</c> low-resolution pixels, each is inferred with up to <c>pad</c>
/// pixels of real context on every side, and the context is cut off again after inference (no blending). Each
/// tile's core goes straight to a <see cref="TileWriter"/>, so no full-size float image is needed.</summary>
public static class TiledInference
{
    /// <summary>The tiles covering a <paramref name="width"/> × <paramref name="height"/> image, row by row.
    /// <paramref name="tile"/> 0 (or one at least as large as the image) gives a single tile.</summary>
    public static IReadOnlyList<TileJob> Plan(int width, int height, int tile, int pad)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegative(tile);
        ArgumentOutOfRangeException.ThrowIfNegative(pad);
        int tileWidth = tile == 0 ? width : Math.Min(tile, width);
        int tileHeight = tile == 0 ? height : Math.Min(tile, height);
        var jobs = new List<TileJob>();
        for (int y = 0; y < height; y += tileHeight)
        for (int x = 0; x < width; x += tileWidth)
        {
            var core = new TileRect(x, y, Math.Min(tileWidth, width - x), Math.Min(tileHeight, height - y));
            int left = Math.Max(0, x - pad), top = Math.Max(0, y - pad);
            int right = Math.Min(width, core.X + core.Width + pad), bottom = Math.Min(height, core.Y + core.Height + pad);
            jobs.Add(new TileJob(core, new TileRect(left, top, right - left, bottom - top)));
        }
        return jobs;
    }

    /// <summary>Infers every tile of <paramref name="input"/> with <paramref name="infer"/> and hands each core's
    /// output to <paramref name="write"/>.</summary>
    /// <exception cref="InvalidDataException">The network's output is not <paramref name="scale"/> times its input.</exception>
    public static void Run(PlanarTensor input, int scale, int tile, int pad, Func<PlanarTensor, PlanarTensor> infer, TileWriter write) =>
        Run(input, scale, tile, pad, (tileInput, _) => infer(tileInput), write);

    /// <summary>As <see cref="Run(PlanarTensor, int, int, int, Func{PlanarTensor, PlanarTensor}, TileWriter)"/>;
    /// <paramref name="infer"/> is also told whether the tile is the last of an image split into several: where a
    /// network can hand its working memory back before the image's metrics run. A large image's metric buffers need
    /// that room; an image of one tile does not, and its next image would only pay to allocate the memory again.</summary>
    public static void Run(PlanarTensor input, int scale, int tile, int pad, Func<PlanarTensor, bool, PlanarTensor> infer,
        TileWriter write)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        var jobs = Plan(input.Width, input.Height, tile, pad);
        for (int i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var context = job.Context;
            var tileInput = context == new TileRect(0, 0, input.Width, input.Height) ? input : Crop(input, context);
            var output = infer(tileInput, jobs.Count > 1 && i == jobs.Count - 1);
            if (output.Width != context.Width * scale || output.Height != context.Height * scale)
                throw new InvalidDataException(
                    $"the network turned a {context.Width}×{context.Height} tile into {output.Width}×{output.Height}, not ×{scale}");
            write(output,
                (job.Core.X - context.X) * scale, (job.Core.Y - context.Y) * scale,
                job.Core.X * scale, job.Core.Y * scale,
                job.Core.Width * scale, job.Core.Height * scale);
        }
    }

    /// <summary>Copies a rectangle of every channel.</summary>
    public static PlanarTensor Crop(PlanarTensor source, TileRect rect)
    {
        var data = new float[source.Channels * rect.Width * rect.Height];
        for (int c = 0; c < source.Channels; c++)
        for (int y = 0; y < rect.Height; y++)
            Array.Copy(source.Data, (c * source.Height + rect.Y + y) * source.Width + rect.X,
                data, (c * rect.Height + y) * rect.Width, rect.Width);
        return new PlanarTensor(data, source.Channels, rect.Height, rect.Width);
    }
}
