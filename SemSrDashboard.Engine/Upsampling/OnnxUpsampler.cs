using Microsoft.Extensions.Logging;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Engine.Upsampling;

/// <summary>A super-resolution network in ONNX format, described by its <see cref="ModelCard"/>, run tile by tile
/// (<see cref="TiledInference"/>) on one ONNX Runtime session that is created once and reused.</summary>
/// <remarks>
/// <para>Standard protocol (<see cref="Upsample"/>): grey levels are replicated to the card's channels and mapped
/// linearly from 0–255 onto <see cref="ModelCard.InputRange"/>; the float32 output is clipped to
/// <see cref="ModelCard.OutputRange"/>, mapped back to 0–255 and rounded half up per channel; the grey result is the
/// mean of the rounded channels, rounded half up.</para>
/// <para>Seed protocol (<see cref="UpsampleRgb"/>): RGB bytes mapped onto the input range, output mapped to the
/// 0–255 scale as float32, neither clipped nor rounded. A one-channel network is run once per colour channel.</para>
/// <para>Not thread-safe in the sense of <see cref="IUpsampler.IsThreadSafe"/>: one call uses every core, so the
/// caller lets one image in at a time.</para>
/// </remarks>
public sealed class OnnxUpsampler : IUpsampler, ISeedUpsampler, IReportsProvider
{
    private readonly OnnxModelSession _session;
    private readonly float[] _inputLevels;
    private readonly GrayModelInput _greyInput;

    /// <summary>Wraps an open session; the upsampler owns and disposes it.</summary>
    public OnnxUpsampler(ModelCard card, OnnxModelSession session, int tile = RunSettings.DefaultTile,
        int tilePad = RunSettings.DefaultTilePad)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tile);
        ArgumentOutOfRangeException.ThrowIfNegative(tilePad);
        card.Validate();
        Card = card;
        _session = session;
        Tile = tile;
        TilePad = tilePad;
        _inputLevels = new float[256];
        for (int g = 0; g < 256; g++)
            _inputLevels[g] = card.ToInput(g);
        _greyInput = new GrayModelInput(card);
    }

    /// <summary>Opens <paramref name="modelPath"/> on the provider <paramref name="device"/> selects
    /// (see <see cref="ExecutionProviders.Open"/>).</summary>
    /// <exception cref="InvalidRunSettingsException">The device was <c>cuda</c> and CUDA is unusable.</exception>
    public static OnnxUpsampler Open(string modelPath, ModelCard card, string device = Devices.Auto,
        int tile = RunSettings.DefaultTile, int tilePad = RunSettings.DefaultTilePad, ILogger? logger = null)
    {
        var session = ExecutionProviders.Open(modelPath, device, logger);
        try
        {
            return new OnnxUpsampler(card, session, tile, tilePad);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public ModelCard Card { get; }
    public string Id => Card.Id;
    public bool IsInterpolation => false;
    public bool IsThreadSafe => false;

    /// <summary>The execution provider the session runs on: <c>CPU</c> or <c>CUDA</c>.</summary>
    public string Provider => _session.Provider;

    /// <summary>Tile size in low-resolution pixels (0 = whole image).</summary>
    public int Tile { get; }

    /// <summary>Context around each tile in low-resolution pixels.</summary>
    public int TilePad { get; }

    /// <summary>The ONNX file the session was opened from.</summary>
    public string ModelPath => _session.ModelPath;

    public GrayImage Upsample(GrayImage lowResolution, int scale)
    {
        CheckScale(scale);
        int channels = Card.Channels;
        int planeSize = lowResolution.Width * lowResolution.Height;
        var data = new float[channels * planeSize];
        _greyInput.Write(lowResolution.Pixels, data);
        var input = new PlanarTensor(data, channels, lowResolution.Height, lowResolution.Width);

        int outWidth = lowResolution.Width * scale;
        var result = new byte[checked(outWidth * lowResolution.Height * scale)];
        double low = Card.OutputRange[0], high = Card.OutputRange[1];
        TiledInference.Run(input, scale, Tile, TilePad, Infer, (tile, sx, sy, tx, ty, w, h) =>
        {
            var values = tile.Data;
            int plane = tile.PlaneSize;
            for (int y = 0; y < h; y++)
            {
                int source = (sy + y) * tile.Width + sx;
                int target = (ty + y) * outWidth + tx;
                for (int x = 0; x < w; x++)
                {
                    int sum = 0;
                    for (int c = 0; c < channels; c++)
                        sum += RoundedGray(values[c * plane + source + x], low, high);
                    result[target + x] = (byte)(channels == 1 ? sum : (sum + channels / 2) / channels);
                }
            }
        });
        return new GrayImage(outWidth, lowResolution.Height * scale, result);
    }

    public float[] UpsampleRgb(byte[] lowResolutionRgb, int width, int height, int scale)
    {
        CheckScale(scale);
        int planeSize = width * height;
        if (lowResolutionRgb.Length != planeSize * 3)
            throw new ArgumentException($"expected {planeSize * 3} bytes for {width}×{height} RGB, got {lowResolutionRgb.Length}",
                nameof(lowResolutionRgb));
        int outWidth = width * scale;
        var result = new float[checked(outWidth * height * scale * 3)];

        // A three-channel network sees RGB at once; a one-channel network is run on each colour in turn.
        int passes = Card.Channels == 3 ? 1 : 3;
        for (int pass = 0; pass < passes; pass++)
        {
            int channels = Card.Channels;
            var data = new float[channels * planeSize];
            for (int c = 0; c < channels; c++)
            for (int i = 0; i < planeSize; i++)
                data[c * planeSize + i] = _inputLevels[lowResolutionRgb[i * 3 + (passes == 1 ? c : pass)]];
            int firstColour = passes == 1 ? 0 : pass;
            TiledInference.Run(new PlanarTensor(data, channels, height, width), scale, Tile, TilePad, Infer, (tile, sx, sy, tx, ty, w, h) =>
            {
                var values = tile.Data;
                int plane = tile.PlaneSize;
                for (int c = 0; c < channels; c++)
                for (int y = 0; y < h; y++)
                {
                    int source = c * plane + (sy + y) * tile.Width + sx;
                    int target = ((ty + y) * outWidth + tx) * 3 + firstColour + c;
                    for (int x = 0; x < w; x++)
                        result[target + x * 3] = (float)Card.ToGray(values[source + x]);
                }
            });
        }
        return result;
    }

    /// <summary>Runs the network once on a raw tensor in its own value range (no tiling, no mapping, no clipping):
    /// for comparing with a reference implementation.</summary>
    public PlanarTensor InferRaw(PlanarTensor input) => _session.Run(input);

    /// <summary>One tile through the network; the last tile of an image of several releases the runtime's memory
    /// arena (see <see cref="TiledInference"/>).</summary>
    private PlanarTensor Infer(PlanarTensor input, bool lastOfSeveral)
    {
        var output = _session.Run(input, releaseMemory: lastOfSeveral);
        if (output.Channels != Card.Channels)
            throw new InvalidDataException($"{Id} returned {output.Channels} channels; its card says {Card.Channels}");
        return output;
    }

    /// <summary>Clips a network value to the output range, maps it to 0–255 and rounds half up.</summary>
    private int RoundedGray(float value, double low, double high)
    {
        if (float.IsNaN(value))
            throw new InvalidDataException($"{Id} produced NaN");
        double grey = Card.ToGray((float)Math.Clamp(value, low, high));
        return (int)Math.Floor(grey + 0.5);
    }

    private void CheckScale(int scale)
    {
        if (scale != Card.Scale)
            throw new ArgumentException($"{Id} is a ×{Card.Scale} model and cannot upsample ×{scale}", nameof(scale));
    }

    public void Dispose() => _session.Dispose();
}
