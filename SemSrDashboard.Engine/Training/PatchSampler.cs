using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Training;

/// <summary>Draws training batches from prepared images: per patch, an image uniformly at random, a position
/// uniformly among those where a <c>patch</c> × <c>patch</c> low-resolution window fits, and one of the eight
/// flips/rotations (the dihedral group), applied alike to the low- and high-resolution patch.</summary>
/// <remarks>The low-resolution patch is cut from the image shrunk as a whole; <c>INTER_AREA</c> by a whole factor
/// averages aligned blocks, so this equals shrinking the high-resolution patch itself, and the patch sees exactly the
/// degradation an evaluation applies. Flips and rotations commute with block averaging, so the augmented pair is still
/// an exact (high, shrunk) pair. The input is fed through <see cref="GrayModelInput"/>, as the upsampler feeds it.</remarks>
public sealed class PatchSampler
{
    private readonly IReadOnlyList<TrainingImage> _images;
    private readonly GrayModelInput _input;

    /// <exception cref="ArgumentException">No image holds a patch, or the images are not ×<paramref name="scale"/> pairs.</exception>
    public PatchSampler(IReadOnlyList<TrainingImage> images, GrayModelInput input, int patch, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        if (images.Count == 0)
            throw new ArgumentException("no training images", nameof(images));
        foreach (var image in images)
        {
            var (high, low) = (image.HighResolution, image.LowResolution);
            if (low.Width < patch || low.Height < patch || high.Width != low.Width * scale || high.Height != low.Height * scale)
                throw new ArgumentException($"{image.RelativePath}: {low.Width}×{low.Height} does not hold a {patch}×{patch} ×{scale} patch", nameof(images));
        }
        _images = images;
        _input = input;
        Patch = patch;
        Scale = scale;
    }

    public int Patch { get; }
    public int Scale { get; }

    /// <summary>Draws <paramref name="count"/> patch pairs, consuming <paramref name="random"/> in a fixed order.</summary>
    public PatchBatch Sample(TrainingRandom random, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int side = Patch, highSide = Patch * Scale, channels = _input.Channels;
        var input = new float[count * channels * side * side];
        var target = new float[count * highSide * highSide];
        var lowPatch = new byte[side * side];
        for (int n = 0; n < count; n++)
        {
            var image = _images[random.Next(_images.Count)];
            int x = random.Next(image.LowResolution.Width - side + 1);
            int y = random.Next(image.LowResolution.Height - side + 1);
            int transform = random.Next(8);
            Cut(image.LowResolution, x, y, side, transform, lowPatch);
            _input.Write(lowPatch, input.AsSpan(n * channels * side * side, channels * side * side));
            var highPatch = new byte[highSide * highSide];
            Cut(image.HighResolution, x * Scale, y * Scale, highSide, transform, highPatch);
            for (int i = 0; i < highPatch.Length; i++)
                target[n * highPatch.Length + i] = highPatch[i];
        }
        return new PatchBatch(input, target, count, channels, side, Scale);
    }

    /// <summary>Copies the <paramref name="side"/>² window at (<paramref name="left"/>, <paramref name="top"/>) under
    /// dihedral <paramref name="transform"/> (bit 0: mirror left–right, bit 1: mirror top–bottom, bit 2: transpose).</summary>
    internal static void Cut(GrayImage image, int left, int top, int side, int transform, Span<byte> destination)
    {
        bool mirrorX = (transform & 1) != 0, mirrorY = (transform & 2) != 0, transpose = (transform & 4) != 0;
        for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
        {
            int u = transpose ? y : x, v = transpose ? x : y;
            if (mirrorX) u = side - 1 - u;
            if (mirrorY) v = side - 1 - v;
            destination[y * side + x] = image.Pixels[(top + v) * image.Width + left + u];
        }
    }
}
