using System.Runtime.CompilerServices;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>Where the Gaussian SSIM kernel reads an image pair's rows from: a struct, so that the kernel is compiled
/// once per source type with the load inlined.</summary>
internal interface ISsimRowSource
{
    /// <summary>Writes x, y, x² + y² and xy of <paramref name="count"/> pixels of row <paramref name="row"/>, from
    /// column <paramref name="x0"/>, as four consecutive planes into <paramref name="planes"/>.</summary>
    void Load(int row, int x0, int count, Span<double> planes);
}

/// <summary>An 8-bit image pair of width <paramref name="Width"/>.</summary>
internal readonly record struct ByteRowSource(byte[] A, byte[] B, int Width) : ISsimRowSource
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Load(int row, int x0, int count, Span<double> planes) =>
        SsimRowQuantities.Load(A.AsSpan(row * Width + x0, count), B.AsSpan(row * Width + x0, count), planes);
}

/// <summary>A float64 plane pair (the coarser scales of multi-scale SSIM).</summary>
internal readonly record struct PlaneRowSource(GrayPlane A, GrayPlane B) : ISsimRowSource
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Load(int row, int x0, int count, Span<double> planes) =>
        SsimRowQuantities.Load(A.Values.AsSpan(row * A.Width + x0, count), B.Values.AsSpan(row * B.Width + x0, count), planes);
}
