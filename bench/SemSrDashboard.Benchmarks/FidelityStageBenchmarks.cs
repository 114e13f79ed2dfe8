using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Benchmarks;

/// <summary>The stages of one output's fidelity metrics (what <see cref="FidelityMetrics.Compute(FidelityReference,
/// GrayImage, GrayImage, double?)"/> does per method, the original prepared once) on the 1024×768 pair of
/// <see cref="BenchmarkPair"/> at ×4, one thread each, against PSNR + SSIM in the same run: where the time goes.</summary>
/// <remarks><c>dotnet run -c Release --project bench/SemSrDashboard.Benchmarks -- --filter '*FidelityStageBenchmarks*'
/// --job short</c>. The two OpenCV <c>dft</c> stages of the output's spectrum are also timed alone, on buffers of the
/// same shapes: most of their time goes to OpenCV's bundled IPP, which detects the CPU again on every 1-D transform
/// (docs/metrics.md).</remarks>
[MemoryDiagnoser, MedianColumn]
public class FidelityStageBenchmarks
{
    private const int Scale = 4;
    private GrayImage _original = null!, _output = null!, _lrInput = null!;
    private FidelityReference _reference = null!;
    private double[][] _pyramid = null!;
    private GrayPlane[] _originalCoarse = null!, _outputCoarse = null!;
    private double[] _spectrum = null!;
    private PixelSums _outputSums;
    private double _scaleOneContrastStructure;
    private Mat _rows = null!, _columns = null!, _transformed = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_original, _output) = BenchmarkPair.Load();
        _lrInput = Degrader.Downscale(_original, Scale);
        _reference = new FidelityReference(_original, Scale);
        _scaleOneContrastStructure = ImageMetrics.Compute(_original, _output, parallel: false).SsimContrastStructure;
        _pyramid = _reference.TakeScratch().Pyramid!;
        _spectrum = new double[_reference.Band.SpectrumLength];
        _originalCoarse = MsSsim.CoarseScales(_original);
        _outputCoarse = MsSsim.CoarseScales(_output);
        _outputSums = PixelSums.Of(_output.Pixels);
        // The spectrum's two transform stages at ×4: H/2 complex rows of W points (two image rows each), then the
        // LowColumns stored columns as complex rows of H points (into a separate buffer, so repeated runs see the same
        // finite input).
        _rows = new Mat(_output.Height / 2, _output.Width, MatType.CV_64FC2);
        _columns = new Mat(_reference.Band.LowColumns, _output.Height, MatType.CV_64FC2);
        Cv2.Randu(_rows, Scalar.All(-128), Scalar.All(128));
        Cv2.Randu(_columns, Scalar.All(-1e5), Scalar.All(1e5));
        _transformed = new Mat();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rows.Dispose();
        _columns.Dispose();
        _transformed.Dispose();
    }

    [Benchmark(Baseline = true, Description = "PSNR + SSIM alone, one thread")]
    public MetricSet CoreOneThread() => ImageMetrics.Compute(_original, _output, parallel: false);

    [Benchmark(Description = "the output's MS-SSIM pyramid (scales 2-5)")]
    public double Pyramid() => MsSsim.CoarseScales(_output, _pyramid)[^1].Values[0];

    [Benchmark(Description = "MS-SSIM scales 2-5 and the product")]
    public double MsSsimCoarse() =>
        MsSsim.FromScales(_scaleOneContrastStructure, _originalCoarse, _outputCoarse, parallel: false);

    [Benchmark(Description = "GMSD on the halves")]
    public double GmsdHalves() => Gmsd.FromHalves(_originalCoarse[0], _outputCoarse[0]);

    [Benchmark(Description = "exact pixel sums of the pair")]
    public double PairSums() => PixelSums.Pair(_original.Pixels, _reference.Sums, _output.Pixels).CentredCross;

    [Benchmark(Description = "the output's low spectrum columns")]
    public double[] LowSpectrum()
    {
        DetailSpectrum.LowHalfTransposed(_output, _outputSums, _reference.Band.LowColumns, _spectrum);
        return _spectrum;
    }

    [Benchmark(Description = "  of which: OpenCV dft of the row pairs (384 × 1024 complex, one call)")]
    public Mat RowTransforms()
    {
        Cv2.Dft(_rows, _transformed, DftFlags.Rows);
        return _transformed;
    }

    [Benchmark(Description = "  of which: OpenCV dft of the low columns (129 × 768 complex, one call)")]
    public Mat ColumnTransforms()
    {
        Cv2.Dft(_columns, _transformed, DftFlags.Rows);
        return _transformed;
    }

    [Benchmark(Description = "band sums from the spectra")]
    public DetailBandSums BandSums() => _reference.Band.Sums(_reference.Spectrum, _reference.DetailEnergy, 0,
        _outputSums, _spectrum);

    [Benchmark(Description = "lr_psnr")]
    public double LrPsnrAlone() => LrPsnr.Compute(_output, _lrInput, Scale);

    [Benchmark(Description = "fidelity set, prepared original, cs_1 from the ssim pass (per method)")]
    public FidelitySet FidelitySetPrepared() =>
        FidelityMetrics.Compute(_reference, _output, _lrInput, _scaleOneContrastStructure);
}
