using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// The forward DFT of each of several complex float64 rows, in place (interleaved re, im; rows contiguous; sign −1,
/// no normalisation: X[k] = Σ x[n]·e^(−2πi·kn/N)), for the detail band's spectrum columns. It uses FFTW 3
/// (<c>libfftw3.so.3</c>, Debian's <c>libfftw3-double3</c>) when the library is there, and OpenCV's <c>dft</c>
/// otherwise.
/// </summary>
/// <remarks>
/// <para>Why not OpenCV alone: its bundled IPP checks the CPU with <c>cpuid</c> on every 1-D transform, which on a
/// virtual machine exits to the hypervisor; that held about half of the spectrum's time, and varied with the host's
/// load (docs/metrics.md). FFTW plans once per shape and then only computes.</para>
/// <para>FFTW's plans are made with <c>FFTW_ESTIMATE</c> (no timing, so the same shape always gets the same
/// algorithm and the same bits) and <c>FFTW_UNALIGNED</c> (the rows may lie in a managed array of any alignment).
/// Making a plan is not thread-safe in FFTW and is serialised here; executing one on new arrays is, and needs no
/// lock. Plans are kept for the process's life, one per (length, rows).</para>
/// <para>Both paths agree to rounding (tested against a direct DFT from the definition); which one ran is
/// <see cref="Library"/>.</para>
/// </remarks>
internal static class ComplexRowTransform
{
    private const string FftwLibrary = "libfftw3.so.3";
    private const int Forward = -1;
    private const uint Estimate = 1u << 6, Unaligned = 1u << 1;

    private static readonly ConcurrentDictionary<(int Length, int Rows), IntPtr> Plans = new();
    private static readonly Lock Planning = new();

    /// <summary>True when FFTW was found; set <c>SEMSR_FFT=opencv</c> to use OpenCV's <c>dft</c> instead.</summary>
    public static bool UsesFftw { get; } = Environment.GetEnvironmentVariable("SEMSR_FFT") != "opencv" && FftwLoads();

    /// <summary>The transform's library as provenance names it: FFTW's version string, or OpenCV's <c>dft</c>.</summary>
    public static string Library => UsesFftw ? Marshal.PtrToStringAnsi(FftwVersion()) ?? "FFTW" : "OpenCV dft";

    /// <summary>Transforms <paramref name="rows"/> rows of <paramref name="length"/> complex values at
    /// <paramref name="data"/> in place.</summary>
    public static unsafe void Rows(double* data, int length, int rows, bool useFftw)
    {
        if (rows == 0)
            return;
        if (useFftw)
        {
            ExecuteDft(Plan(length, rows), data, data);
            return;
        }
        using var mat = Mat.FromPixelData(rows, length, MatType.CV_64FC2, (IntPtr)data);
        Cv2.Dft(mat, mat, DftFlags.Rows);
    }

    /// <inheritdoc cref="Rows(double*, int, int, bool)"/>
    public static unsafe void Rows(double* data, int length, int rows) => Rows(data, length, rows, UsesFftw);

    /// <summary>As <see cref="Rows(double*, int, int, bool)"/> on managed memory holding exactly the rows.</summary>
    public static unsafe void Rows(Span<double> data, int length, int rows, bool useFftw)
    {
        if (data.Length != 2 * length * rows)
            throw new ArgumentException($"Expected {2 * length * rows} values, got {data.Length}.", nameof(data));
        fixed (double* values = data)
            Rows(values, length, rows, useFftw);
    }

    private static unsafe IntPtr Plan(int length, int rows)
    {
        if (Plans.TryGetValue((length, rows), out var plan))
            return plan;
        lock (Planning)
        {
            if (Plans.TryGetValue((length, rows), out plan))
                return plan;
            // A plan needs arrays of the shape to look at; FFTW_ESTIMATE does not write them.
            var scratch = (double*)NativeMemory.Alloc((nuint)length * (nuint)rows * 2, sizeof(double));
            try
            {
                int n = length;
                plan = PlanManyDft(1, &n, rows, scratch, null, 1, length, scratch, null, 1, length, Forward, Estimate | Unaligned);
            }
            finally
            {
                NativeMemory.Free(scratch);
            }
            if (plan == IntPtr.Zero)
                throw new InvalidOperationException($"FFTW made no plan for {rows} rows of {length} points");
            Plans[(length, rows)] = plan;
            return plan;
        }
    }

    private static bool FftwLoads()
    {
        try
        {
            return NativeLibrary.TryLoad(FftwLibrary, typeof(ComplexRowTransform).Assembly, null, out _) && FftwVersion() != IntPtr.Zero;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport(FftwLibrary, EntryPoint = "fftw_plan_many_dft")]
    private static extern unsafe IntPtr PlanManyDft(int rank, int* n, int howMany, double* input, int* inputEmbed, int inputStride,
        int inputDistance, double* output, int* outputEmbed, int outputStride, int outputDistance, int sign, uint flags);

    [DllImport(FftwLibrary, EntryPoint = "fftw_execute_dft")]
    private static extern unsafe void ExecuteDft(IntPtr plan, double* input, double* output);

    /// <summary>The address of FFTW's <c>fftw_version</c> string.</summary>
    private static IntPtr FftwVersion() =>
        NativeLibrary.TryLoad(FftwLibrary, typeof(ComplexRowTransform).Assembly, null, out var handle)
        && NativeLibrary.TryGetExport(handle, "fftw_version", out var version) ? version : IntPtr.Zero;
}
