using System.Text.Json;
using SemSrDashboard.Engine.Quantization;
using SemSrDashboard.Tests.Statistics;

namespace SemSrDashboard.Tests.Models;

/// <summary>Scale, zero point and quantised values against the numpy reference of
/// tools/fixtures/make_quantization_fixtures.py (ONNX Runtime's U8S8 arithmetic written out).</summary>
public sealed class QuantizationMathTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "quantization", "quantization_cases.json"))).RootElement;

    private static float F(JsonElement e) => (float)StatsFixtures.D(e);

    [Fact]
    public void Activation_scale_zero_point_and_levels_match_numpy()
    {
        int cases = 0;
        foreach (var c in Cases.GetProperty("activations").EnumerateArray())
        {
            var parameters = QuantizationMath.Activation(F(c.GetProperty("min")), F(c.GetProperty("max")));

            Assert.Equal(F(c.GetProperty("scale")), parameters.Scale); // bit-exact float32
            Assert.Equal(c.GetProperty("zero_point").GetInt32(), parameters.ZeroPoint);
            var values = c.GetProperty("values").EnumerateArray().Select(F).ToArray();
            var expected = c.GetProperty("quantized").EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();
            Assert.Equal(expected, values.Select(v => QuantizationMath.QuantizeActivation(v, parameters)).ToArray());
            cases++;
        }
        Assert.Equal(20, cases);
    }

    [Fact]
    public void Per_channel_weight_scales_and_int8_values_match_numpy()
    {
        var w = Cases.GetProperty("weights");
        var values = w.GetProperty("values").EnumerateArray().Select(F).ToArray();
        var scales = w.GetProperty("scales").EnumerateArray().Select(F).ToArray();
        var expected = w.GetProperty("quantized").EnumerateArray().Select(e => (sbyte)e.GetInt32()).ToArray();
        int perChannel = values.Length / scales.Length;

        for (int c = 0; c < scales.Length; c++)
        {
            var channel = values.AsSpan(c * perChannel, perChannel).ToArray();
            float scale = QuantizationMath.WeightScale(channel.Max(v => Math.Abs((double)v)));
            Assert.Equal(scales[c], scale);
            for (int i = 0; i < perChannel; i++)
                Assert.Equal(expected[c * perChannel + i], QuantizationMath.QuantizeWeight(channel[i], scale));
        }
        Assert.Contains(expected, q => q == 127);       // the largest magnitude maps to ±127
        Assert.DoesNotContain(expected, q => q == -128); // symmetric: −128 unused
    }

    [Fact]
    public void Bias_scales_and_int32_values_match_numpy()
    {
        var b = Cases.GetProperty("bias");
        float inputScale = F(b.GetProperty("input_scale"));
        var weightScales = Cases.GetProperty("weights").GetProperty("scales").EnumerateArray().Select(F).ToArray();
        var values = b.GetProperty("values").EnumerateArray().Select(F).ToArray();
        var scales = b.GetProperty("scales").EnumerateArray().Select(F).ToArray();
        var expected = b.GetProperty("quantized").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        for (int c = 0; c < values.Length; c++)
        {
            float scale = QuantizationMath.BiasScale(inputScale, weightScales[c]);
            Assert.Equal(scales[c], scale);
            Assert.Equal(expected[c], QuantizationMath.QuantizeBias(values[c], scale));
        }
    }

    [Theory]
    [InlineData(double.NaN, 1.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    public void A_range_that_is_not_a_finite_interval_is_refused(double min, double max) =>
        Assert.Throws<ArgumentException>(() => QuantizationMath.Activation(min, max));
}
