using OpenCvSharp;
using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Tests.Models;

/// <summary>
/// Locks in the input/output ranges recorded in the cards: each UpscalerJS package ships a sample input
/// (assets/fixture.png) and the x4 output its authors produced (assets/samples/4x/result.png). With the card's
/// ranges the converted network reproduces that output almost exactly; with the other candidate range it does not.
/// </summary>
public class PackageSampleRangeTests
{
    private static readonly string Samples = Path.Combine(ModelTestFiles.Fixtures, "package-samples");

    [Theory]
    [InlineData("rrdn-thick-x4", 0, 255)]
    [InlineData("rdn-medium-x4", 0, 1)]
    [InlineData("rdn-slim-x4", 0, 1)]
    public void Card_ranges_reproduce_the_package_sample_and_the_other_range_does_not(string id, double otherLo, double otherHi)
    {
        var card = ModelCard.Load(Path.Combine(ModelTestFiles.BundledModels, ModelCard.FileNameFor(id)));
        var other = card with { InputRange = [otherLo, otherHi], OutputRange = [otherLo, otherHi] };

        var withCard = Psnr(card, id);
        var withOther = Psnr(other, id);

        Assert.True(withCard > 80, $"{id}: PSNR with the card's ranges {withCard:F2} dB");
        Assert.True(withOther < 50, $"{id}: PSNR with [{otherLo}, {otherHi}] {withOther:F2} dB");
    }

    /// <summary>Runs the model on the sample input with <paramref name="card"/>'s ranges, rounds the clipped output
    /// to 8 bits and returns its PSNR against the package's sample output.</summary>
    private static double Psnr(ModelCard card, string id)
    {
        using var lr = Cv2.ImRead(Path.Combine(Samples, "fixture.png"), ImreadModes.Color);
        using var expected = Cv2.ImRead(Path.Combine(Samples, id + ".result.png"), ImreadModes.Color);
        int h = lr.Rows, w = lr.Cols;
        lr.GetArray(out Vec3b[] lrPixels);
        expected.GetArray(out Vec3b[] expectedPixels);

        var input = new float[h * w * 3];
        for (var i = 0; i < h * w; i++)
        for (var c = 0; c < 3; c++)
            input[i * 3 + c] = card.ToInput(lrPixels[i][2 - c]); // BGR -> RGB

        var (output, oh, ow) = ModelTestFiles.RunNhwc(Path.Combine(ModelTestFiles.BundledModels, id + ".onnx"), input, h, w, 3);
        Assert.Equal(expectedPixels.Length, oh * ow);

        double se = 0;
        for (var i = 0; i < oh * ow; i++)
        for (var c = 0; c < 3; c++)
        {
            var grey = Math.Round(Math.Clamp(card.ToGray(output[i * 3 + c]), 0, 255));
            var d = grey - expectedPixels[i][2 - c];
            se += d * d;
        }
        var mse = Math.Max(se / (3.0 * oh * ow), 1e-10);
        return 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
