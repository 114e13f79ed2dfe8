namespace SemSrDashboard.Engine.Quantization;

/// <summary>The smallest and largest value each observed tensor took over all calibration inputs (min/max
/// calibration, ONNX Runtime's default).</summary>
/// <remarks>Min/max rather than a percentile: a super-resolution network's extreme activations come from edges and
/// bright particles, the detail the network exists to restore, so clipping them trades a finer step on flat areas for
/// damage where the image matters; the held-out accuracy on the card shows what the choice costs.</remarks>
public sealed class ActivationRanges
{
    private readonly Dictionary<string, (float Min, float Max)> _ranges = new(StringComparer.Ordinal);

    /// <summary>Tensors observed so far.</summary>
    public IReadOnlyCollection<string> Names => _ranges.Keys;

    /// <summary>Widens <paramref name="name"/>'s range to hold every value of <paramref name="values"/>.</summary>
    /// <exception cref="InvalidDataException">A value is NaN or infinite.</exception>
    public void Observe(string name, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
            return;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
                throw new InvalidDataException($"tensor '{name}' holds {v} on a calibration input");
            if (v < min) min = v;
            if (v > max) max = v;
        }
        _ranges[name] = _ranges.TryGetValue(name, out var seen)
            ? (Math.Min(seen.Min, min), Math.Max(seen.Max, max))
            : (min, max);
    }

    /// <summary>The range of <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The tensor was never observed.</exception>
    public (float Min, float Max) this[string name] =>
        _ranges.TryGetValue(name, out var range) ? range : throw new KeyNotFoundException($"no calibration range for '{name}'");
}
