namespace SemSrDashboard.Engine.Quantization;

/// <summary>
/// The quantisation arithmetic of the int8 variants, as ONNX Runtime's static quantiser
/// (<c>onnxruntime.quantization</c>) does it and its CPU provider fuses into integer convolutions (U8S8: uint8
/// activations, int8 weights).
/// </summary>
/// <remarks>
/// <para>Rounding is half to even everywhere (numpy's <c>round</c> and ONNX's QuantizeLinear). Scales are computed
/// in float64 and stored as float32, as the ONNX graph holds them.</para>
/// <para>Activations: per tensor, asymmetric uint8 [0, 255]. The calibrated range [min, max] is first widened to
/// contain 0 (so that zero, e.g. padding, is exact); <c>scale = (max − min) / 255</c>,
/// <c>zero point = round(−min / scale)</c> clamped to [0, 255]. A range of width 0 gets scale 1, zero point 0.</para>
/// <para>Weights: per output channel, symmetric int8 [−127, 127] with zero point 0: <c>scale = max|w| / 127</c>
/// (−128 is never used, so that the range is symmetric); a channel of zeros gets scale 1.</para>
/// <para>Biases: int32, zero point 0, per output channel <c>scale = activation scale · weight scale</c> (float32
/// product), the scale the integer convolution accumulates in.</para>
/// </remarks>
public static class QuantizationMath
{
    public const int ActivationMin = 0;
    public const int ActivationMax = 255;
    public const int WeightMax = 127;

    /// <summary>Parameters of a uint8 activation tensor whose calibrated values lie in [<paramref name="min"/>,
    /// <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException">The range is not finite or <paramref name="min"/> &gt; <paramref name="max"/>.</exception>
    public static QuantizationParameters Activation(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentException($"activation range [{min}, {max}] is not a finite interval");
        double low = Math.Min(min, 0), high = Math.Max(max, 0);
        if (high == low)
            return new QuantizationParameters(1f, 0);
        float scale = (float)((high - low) / (ActivationMax - ActivationMin));
        double zero = Math.Round(ActivationMin - low / scale, MidpointRounding.ToEven);
        return new QuantizationParameters(scale, (int)Math.Clamp(zero, ActivationMin, ActivationMax));
    }

    /// <summary>Scale of one output channel of symmetric int8 weights whose largest magnitude is
    /// <paramref name="absMax"/>.</summary>
    public static float WeightScale(double absMax)
    {
        if (!double.IsFinite(absMax) || absMax < 0)
            throw new ArgumentException($"weight magnitude {absMax} is not a finite non-negative number");
        return absMax == 0 ? 1f : (float)(absMax / WeightMax);
    }

    /// <summary>A weight as int8: <c>clamp(round(w / scale), −127, 127)</c>.</summary>
    public static sbyte QuantizeWeight(float weight, float scale) =>
        (sbyte)Math.Clamp(Math.Round((double)weight / scale, MidpointRounding.ToEven), -WeightMax, WeightMax);

    /// <summary>An activation as uint8: <c>clamp(round(r / scale) + zero point, 0, 255)</c>.</summary>
    public static byte QuantizeActivation(float value, QuantizationParameters parameters) =>
        (byte)Math.Clamp(Math.Round((double)value / parameters.Scale, MidpointRounding.ToEven) + parameters.ZeroPoint,
            ActivationMin, ActivationMax);

    /// <summary>Scale of a bias channel: the product of the input's and the weight channel's scales, in float32.</summary>
    public static float BiasScale(float activationScale, float weightScale) => activationScale * weightScale;

    /// <summary>A bias as int32 in <paramref name="scale"/> units: <c>round(b / scale)</c>, saturated to int32.</summary>
    public static int QuantizeBias(float bias, float scale) =>
        (int)Math.Clamp(Math.Round((double)bias / scale, MidpointRounding.ToEven), int.MinValue, int.MaxValue);
}
