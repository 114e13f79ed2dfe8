using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Tests.Metrics;

/// <summary>The five fidelity metrics against the independent numpy/scipy/OpenCV implementation.</summary>
public class FidelityMetricsTests
{
    public static TheoryData<string> Cases => FidelityFixtures.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachMetricMatchesReference(string name)
    {
        var c = FidelityFixtures.ByName(name);
        GrayImage x = c.Original, y = c.Output, lr = c.LrInput;
        FidelityFixtures.AssertAgrees(c.MsSsim, MsSsim.Compute(x, y), "ms_ssim");
        FidelityFixtures.AssertAgrees(c.Gmsd, Gmsd.Compute(x, y), "gmsd");
        FidelityFixtures.AssertAgrees(c.LrPsnr, LrPsnr.Compute(y, lr, c.Scale), "lr_psnr");
        FidelityFixtures.AssertAgrees(c.DetailCorr, DetailCorrelation.Compute(x, y, c.Scale), "detail_corr");
        FidelityFixtures.AssertAgrees(c.DetailRatio, DetailRatio.Compute(x, y, c.Scale), "detail_ratio");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BandSumsMatchSpatialSumsOfInverseTransform(string name)
    {
        var c = FidelityFixtures.ByName(name);
        var sums = DetailCorrelation.DetailBandSumsOf(c.Original, c.Output, c.Scale);
        // The sums themselves may cancel (Σ HX·HY near 0): compare on the scale of the energies.
        double scale = Math.Max(1, Math.Sqrt(c.BandOriginal * c.BandOutput));
        Assert.InRange(Math.Abs(sums.Cross - c.BandCross), 0, 1e-9 * scale);
        FidelityFixtures.AssertAgrees(c.BandOriginal, sums.OriginalEnergy, "Σ HX²");
        FidelityFixtures.AssertAgrees(c.BandOutput, sums.OutputEnergy, "Σ HY²");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CombinedComputeEqualsTheSeparateMetrics(string name)
    {
        var c = FidelityFixtures.ByName(name);
        GrayImage x = c.Original, y = c.Output, lr = c.LrInput;
        var expected = new FidelitySet(MsSsim.Compute(x, y), Gmsd.Compute(x, y), LrPsnr.Compute(y, lr, c.Scale),
            DetailCorrelation.Compute(x, y, c.Scale), DetailRatio.Compute(x, y, c.Scale));
        Assert.Equal(expected, FidelityMetrics.Compute(x, y, lr, c.Scale));
        var reference = new FidelityReference(x, c.Scale);
        Assert.Equal(expected, FidelityMetrics.Compute(reference, y, lr));
        Assert.Equal(expected, FidelityMetrics.Compute(reference, y, lr)); // the reference is not consumed
        if (Math.Min(c.Width, c.Height) >= Ssim.WindowSize)
        {
            // As a run computes them: MS-SSIM's cs_1 taken from the ssim pass changes no bit.
            double cs1 = ImageMetrics.Compute(x, y).SsimContrastStructure;
            Assert.Equal(expected, FidelityMetrics.Compute(reference, y, lr, cs1));
        }
    }

    [Fact]
    public void OutputsMeasuredAtOnceAgainstOneOriginalGetTheirOwnResults()
    {
        // The prepared original lends its one set of work buffers; outputs measured on several threads at once must
        // each still get exactly their own values.
        var x = SsimTests.RandomImage(300, 211, 41);
        var outputs = Enumerable.Range(0, 6).Select(i => SsimTests.Blend(x, SsimTests.RandomImage(300, 211, 50 + i))).ToArray();
        var lr = Degrader.Downscale(x, 1);
        var reference = new FidelityReference(x, 1);
        var expected = outputs.Select(y => FidelityMetrics.Compute(x, y, lr, 1)).ToArray();
        var actual = new FidelitySet[outputs.Length * 4];
        Parallel.For(0, actual.Length, i => actual[i] = FidelityMetrics.Compute(reference, outputs[i % outputs.Length], lr));
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i % outputs.Length], actual[i]);
        Assert.Contains(expected, e => e.DetailCorr < 0.99 && !double.IsNaN(e.MsSsim)); // not a degenerate pair
    }

    [Theory]
    [InlineData(1024, 768, 4)]
    [InlineData(301, 211, 3)]
    [InlineData(64, 48, 1)]
    [InlineData(7, 5, 2)]
    public void LowColumnsHoldEveryFrequencyOutsideTheBand(int w, int h, int scale)
    {
        var band = DetailBand.For(w, h, scale);
        // Every stored column past LowColumns lies wholly in the band; the last low column does not.
        for (int kx = band.LowColumns; kx <= w / 2; kx++)
            for (int ky = 0; ky < h; ky++)
                Assert.True(DetailBand.InBand(DetailBand.Frequency(kx, w), DetailBand.Frequency(ky, h), scale));
        Assert.False(DetailBand.InBand(DetailBand.Frequency(band.LowColumns - 1, w), 0, scale));
        // At ×4 only an eighth of the columns is transformed per output.
        if (scale == 4) Assert.Equal(w / 8 + 1, band.LowColumns);
    }

    [Theory]
    [InlineData(1024, 768, 4, 31)]
    [InlineData(301, 211, 3, 32)]
    [InlineData(33, 20, 1, 33)]
    public void BandSumsAgreeWithTheInverseTransformOfTheFullSpectrum(int w, int h, int scale, int seed)
    {
        // Independent of the band sums' shortcut (low columns, exact pixel sums): HX and HY by OpenCV's inverse DFT
        // of the masked full packed spectrum, then summed in space.
        var x = SsimTests.RandomImage(w, h, seed);
        var y = SsimTests.Blend(x, SsimTests.RandomImage(w, h, seed + 100));
        var band = DetailBand.For(w, h, scale);
        double[] hx = band.BandPassed(x), hy = band.BandPassed(y);
        double cross = 0, ex = 0, ey = 0;
        for (int i = 0; i < hx.Length; i++)
        {
            cross += hx[i] * hy[i];
            ex += hx[i] * hx[i];
            ey += hy[i] * hy[i];
        }
        var sums = DetailCorrelation.DetailBandSumsOf(x, y, scale);
        Assert.InRange(Math.Abs(sums.Cross - cross), 0, 1e-9 * Math.Sqrt(ex * ey));
        FidelityFixtures.AssertAgrees(ex, sums.OriginalEnergy, "Σ HX²");
        FidelityFixtures.AssertAgrees(ey, sums.OutputEnergy, "Σ HY²");
    }

    [Fact]
    public void FixturesCoverTheRequiredShapes()
    {
        var all = FidelityFixtures.Cases;
        Assert.Contains(all, c => c.Width % 2 == 1 && !double.IsNaN(c.MsSsim));
        Assert.Contains(all, c => c.Width % 2 == 0 && c.Height % 2 == 0 && !double.IsNaN(c.MsSsim));
        Assert.Contains(all, c => Math.Min(c.Width, c.Height) >> 4 == 11 && !double.IsNaN(c.MsSsim));
        Assert.Contains(all, c => Math.Min(c.Width, c.Height) >> 4 == 10 && double.IsNaN(c.MsSsim));
        Assert.Contains(all, c => c.Kind == "identical");
        Assert.Contains(all, c => c.Kind == "constant");
        Assert.Contains(all, c => c.Kind == "invented");
        Assert.Contains(all, c => c.Scale == 1);
    }

    [Fact]
    public void IdenticalImagesGiveThePerfectValues()
    {
        var c = FidelityFixtures.Cases.Single(k => k.Kind == "identical");
        var set = FidelityMetrics.Compute(c.Original, c.Output, c.LrInput, c.Scale);
        Assert.InRange(Math.Abs(set.MsSsim - 1), 0, 1e-12);
        Assert.Equal(0.0, set.Gmsd);
        Assert.InRange(Math.Abs(set.DetailCorr - 1), 0, 1e-12);
        Assert.InRange(Math.Abs(set.DetailRatio - 1), 0, 1e-12);
        Assert.Equal(double.PositiveInfinity, set.LrPsnr);
    }

    [Fact]
    public void ConstantImagesFollowTheNanRules()
    {
        var pair = FidelityFixtures.Cases.Single(k => k.Kind == "constant");
        var flat = FidelityMetrics.Compute(pair.Original, pair.Output, pair.LrInput, pair.Scale);
        Assert.True(double.IsNaN(flat.DetailCorr));
        Assert.True(double.IsNaN(flat.DetailRatio));
        Assert.Equal(0.0, flat.Gmsd);

        var original = FidelityFixtures.Cases.Single(k => k.Kind == "constant_original");
        var noOriginalDetail = FidelityMetrics.Compute(original.Original, original.Output, original.LrInput, original.Scale);
        Assert.True(double.IsNaN(noOriginalDetail.DetailCorr));
        Assert.True(double.IsNaN(noOriginalDetail.DetailRatio));

        var output = FidelityFixtures.Cases.Single(k => k.Kind == "constant_output");
        var flatOutput = FidelityMetrics.Compute(output.Original, output.Output, output.LrInput, output.Scale);
        Assert.True(double.IsNaN(flatOutput.DetailCorr));
        Assert.Equal(0.0, flatOutput.DetailRatio); // a flat output of a detailed original carries none of its detail
    }

    [Fact]
    public void TooSmallGivesNanNotAnError()
    {
        var x = SsimTests.RandomImage(175, 400, 1);
        var y = SsimTests.Blend(x, SsimTests.RandomImage(175, 400, 2));
        Assert.True(double.IsNaN(MsSsim.Compute(x, y))); // 175 >> 4 = 10
        Assert.False(double.IsNaN(MsSsim.Compute(SsimTests.RandomImage(176, 176, 3), SsimTests.RandomImage(176, 176, 4))));
        Assert.True(double.IsNaN(Gmsd.Compute(new GrayImage(5, 40), new GrayImage(5, 40))));
        Assert.False(double.IsNaN(Gmsd.Compute(SsimTests.RandomImage(6, 6, 5), SsimTests.RandomImage(6, 6, 6))));
    }

    [Theory]
    [InlineData(300, 211)]
    [InlineData(11, 11)]
    public void ScaleOneSsimIsBitForBitTheStoredSsim(int w, int h)
    {
        var x = SsimTests.RandomImage(w, h, 7);
        var y = SsimTests.Blend(x, SsimTests.RandomImage(w, h, 8));
        var means = Ssim.Means(new ByteRowSource(x.Pixels, y.Pixels, w), w, h);
        Assert.Equal(Ssim.Compute(x, y), means.Ssim);
        // The same kernel on float64 rows of the same pixels gives the same numbers.
        var asPlanes = Ssim.Means(new PlaneRowSource(Plane(x), Plane(y)), w, h);
        Assert.Equal(means.Ssim, asPlanes.Ssim, 14);
        Assert.Equal(means.ContrastStructure, asPlanes.ContrastStructure, 14);
    }

    private static GrayPlane Plane(GrayImage image) =>
        new(image.Width, image.Height, image.Pixels.Select(p => (double)p).ToArray());

    [Fact]
    public void SizeNotesNameTheMetricsTooSmallForAnImage()
    {
        Assert.Empty(FidelityMetrics.SizeNotes(176, 176));
        var notes = FidelityMetrics.SizeNotes(175, 400);
        Assert.Single(notes);
        Assert.StartsWith("ms_ssim:", notes[0]);
        Assert.Equal(2, FidelityMetrics.SizeNotes(5, 40).Count);
        foreach (var c in FidelityFixtures.Cases) // a note exactly where the reference gives nan for a size reason
        {
            var names = FidelityMetrics.SizeNotes(c.Width, c.Height).Select(n => n.Split(':')[0]).ToList();
            Assert.Equal(double.IsNaN(c.MsSsim), names.Contains("ms_ssim"));
            Assert.Equal(double.IsNaN(c.Gmsd), names.Contains("gmsd"));
        }
    }

    [Fact]
    public void MismatchedSizesThrow()
    {
        Assert.Throws<ArgumentException>(() => MsSsim.Compute(new GrayImage(200, 200), new GrayImage(200, 201)));
        Assert.Throws<ArgumentException>(() => Gmsd.Compute(new GrayImage(20, 20), new GrayImage(21, 20)));
        Assert.Throws<ArgumentException>(() => LrPsnr.Compute(new GrayImage(20, 20), new GrayImage(6, 5), 4));
        Assert.Throws<ArgumentException>(() => DetailCorrelation.Compute(new GrayImage(20, 20), new GrayImage(20, 21), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => DetailRatio.Compute(new GrayImage(20, 20), new GrayImage(20, 20), 0));
        Assert.Throws<ArgumentException>(() =>
            FidelityMetrics.Compute(new GrayImage(20, 20), new GrayImage(20, 20), new GrayImage(6, 5), 4));
    }
}
