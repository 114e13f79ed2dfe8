using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Engine.Upsampling;

/// <summary>How a grey image is fed to a network: each grey level 0–255 is mapped linearly onto the card's
/// <see cref="ModelCard.InputRange"/> (<see cref="ModelCard.ToInput"/>) and the plane is replicated to every channel
/// the network takes. The upsampler and the training data use this one mapping.</summary>
public sealed class GrayModelInput
{
    private readonly float[] _levels = new float[256];

    public GrayModelInput(ModelCard card)
    {
        Channels = card.Channels;
        for (int g = 0; g < 256; g++)
            _levels[g] = card.ToInput(g);
    }

    /// <summary>Channels written per pixel.</summary>
    public int Channels { get; }

    /// <summary>Writes <paramref name="grey"/> (one plane) as <see cref="Channels"/> planes of the same size into
    /// <paramref name="planes"/>, which must hold exactly <c>Channels × grey.Length</c> values.</summary>
    public void Write(ReadOnlySpan<byte> grey, Span<float> planes)
    {
        if (planes.Length != Channels * grey.Length)
            throw new ArgumentException($"expected {Channels * grey.Length} values, got {planes.Length}", nameof(planes));
        var first = planes[..grey.Length];
        for (int i = 0; i < grey.Length; i++)
            first[i] = _levels[grey[i]];
        for (int c = 1; c < Channels; c++)
            first.CopyTo(planes.Slice(c * grey.Length, grey.Length));
    }
}
