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

    /// <summary>Number of horizontal strips of output rows to process in parallel, and their height.</summary>
    internal static (int Count, int Rows) Strips(int outputRows, int outputCols)
    {
        // Small images: one strip, no threading overhead.
        if ((long)outputRows * outputCols < 128 * 128) return (1, outputRows);
        int rows = Math.Max(32, Math.Min(128, outputRows / (4 * Environment.ProcessorCount) + 1));
        int count = (outputRows + rows - 1) / rows;
        return (count, rows);
    }
}
