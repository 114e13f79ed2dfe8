using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

internal static class MetricGuards
{
    internal static void RequireSameSize(GrayImage reference, GrayImage test, int minSide)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        if (reference.Width != test.Width || reference.Height != test.Height)
            throw new ArgumentException(
                $"Image sizes differ: reference {reference.Width}×{reference.Height}, test {test.Width}×{test.Height}.",
                nameof(test));
        if (reference.Width < minSide || reference.Height < minSide)
            throw new ArgumentException(
                $"Image {reference.Width}×{reference.Height} is smaller than the {minSide}×{minSide} window.",
                nameof(reference));
    }

    /// <summary>Output rows per strip. Fixed (not derived from the core count) so that the order of the float64
    /// summation, and hence the last bits of a result, are the same on every machine.</summary>
    internal const int StripRows = 128;

    /// <summary>One strip worker per core: each holds a few rows of buffers, so this bounds memory by the core
    /// count rather than by however many threads the pool has grown to.</summary>
    internal static readonly ParallelOptions StripParallelism = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>Number of horizontal strips of output rows to process in parallel, and their height.</summary>
    internal static (int Count, int Rows) Strips(int outputRows, int outputCols)
    {
        // Small images: one strip, no threading overhead.
        if ((long)outputRows * outputCols < 128 * 128) return (1, outputRows);
        return ((outputRows + StripRows - 1) / StripRows, StripRows);
    }

    /// <summary>Mean of a per-pixel quantity over an <paramref name="outputCols"/> × <paramref name="outputRows"/>
    /// map computed in horizontal strips (in parallel, see <see cref="ForEachItem"/>). Strip sums are added in strip
    /// order, so the result does not depend on the core count.</summary>
    /// <param name="buffers">The calling thread's buffers (one set per thread, reused).</param>
    internal static double MeanOverStrips<TBuffers>(int outputRows, int outputCols, Func<TBuffers> buffers,
        Func<int, int, TBuffers, double> sumStrip)
    {
        var (count, rows) = Strips(outputRows, outputCols);
        var sums = new double[count];
        ForEachItem(count, s =>
        {
            int first = s * rows;
            sums[s] = sumStrip(first, Math.Min(outputRows, first + rows), buffers());
        });
        return MeanOfStripSums(sums, outputCols, outputRows);
    }

    /// <summary>Runs <paramref name="work"/> for items 0 … <paramref name="items"/> − 1, one worker per core, each
    /// taking the next item until none is left (so items in order of decreasing length balance well; a range
    /// partitioner could hand one worker a run of long items). A single item, or every item when not
    /// <paramref name="parallel"/>, runs on the calling thread, in order.</summary>
    internal static void ForEachItem(int items, Action<int> work, bool parallel = true)
    {
        if (items == 1 || !parallel)
        {
            for (int item = 0; item < items; item++) work(item);
            return;
        }
        int next = -1;
        Parallel.For(0, Math.Min(items, StripParallelism.MaxDegreeOfParallelism), StripParallelism, _ =>
        {
            for (int item = Interlocked.Increment(ref next); item < items; item = Interlocked.Increment(ref next))
                work(item);
        });
    }

    /// <summary>The strip sums added in strip order, divided by the map's size.</summary>
    internal static double MeanOfStripSums(ReadOnlySpan<double> sums, int outputCols, int outputRows)
    {
        double total = 0;
        foreach (double sum in sums)
            total += sum;
        return total / ((double)outputCols * outputRows);
    }
}
