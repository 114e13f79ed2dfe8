using OpenCvSharp;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Architecture;

/// <summary>The ids in <c>Domain/</c> and the parts that implement them name the same things in the same order.</summary>
public class VocabularyTests
{
    [Fact]
    public void Metric_ids_are_the_registry_ids_in_registry_order()
    {
        Assert.Equal(MetricIds.All, MetricRegistry.AllIds);
        Assert.Equal(MetricIds.Core, MetricRegistry.All.Take(MetricIds.Core.Count).Select(m => m.Id));
    }

    [Fact]
    public void Interpolation_ids_are_the_interpolations_the_upsampler_knows()
    {
        Assert.Equal(MethodIds.Interpolations.Order(StringComparer.Ordinal), InterpolationUpsampler.Methods.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(InterpolationFlags.Cubic, InterpolationUpsampler.Methods[MethodIds.Baseline]);
        Assert.True(MethodIds.IsInterpolation("nearest"));
        Assert.False(MethodIds.IsInterpolation("rdn-x4"));
    }

    [Theory]
    [InlineData("bicubic,rdn-x4", new[] { "bicubic", "rdn-x4" })]
    [InlineData(" bicubic , ,nearest,", new[] { "bicubic", "nearest" })]
    [InlineData("", new string[0])]
    public void A_method_list_parses_to_its_ids(string text, string[] expected)
    {
        Assert.Equal(expected, MethodList.Parse(text));
        Assert.Equal(expected.Length, MethodList.Count(text));
        Assert.Equal(string.Join(',', expected), MethodList.Format(MethodList.Parse(text)));
    }

    [Fact]
    public void Stored_metric_lists_parse_as_before()
    {
        Assert.Equal(MetricIds.Core, MetricIds.ParseStored(null));
        Assert.Equal(MetricIds.Core, MetricIds.ParseStored(" "));
        Assert.Equal(["psnr", "gmsd"], MetricIds.ParseStored("psnr, gmsd,unknown"));
    }

    [Fact]
    public void An_image_is_done_when_every_run_method_has_a_result()
    {
        string[] methods = ["bicubic", "rdn-x4"];
        Assert.True(ImageCompletion.IsDone(methods, new HashSet<string> { "rdn-x4", "bicubic" }.Contains));
        Assert.False(ImageCompletion.IsDone(methods, new HashSet<string> { "bicubic", "nearest" }.Contains));
        Assert.Equal(1, ImageCompletion.CountDone(methods, [["bicubic", "rdn-x4"], ["bicubic"], ["bicubic", "bicubic"]]));
    }
}
