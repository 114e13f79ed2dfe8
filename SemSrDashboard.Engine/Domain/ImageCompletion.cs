namespace SemSrDashboard.Engine.Domain;

/// <summary>When an image of a run counts as done: every method of the run has a result for it, ok or failed. The
/// progress of a live run, the runs table and <c>runs list</c> all count done images with this rule.</summary>
public static class ImageCompletion
{
    /// <param name="runMethods">The run's method ids.</param>
    /// <param name="hasResult">Whether the image has a stored result for a method.</param>
    public static bool IsDone(IEnumerable<string> runMethods, Func<string, bool> hasResult) => runMethods.All(hasResult);

    /// <summary>The same rule from a count, for counting in the database: the store keeps at most one result per
    /// (run, image, method) and only for the run's own methods, so an image with as many results as the run has
    /// methods has one for every method.</summary>
    public static bool IsDone(int runMethodCount, int resultsForImage) => resultsForImage >= runMethodCount;

    /// <summary>How many images are done, given the methods with a result per image.</summary>
    public static int CountDone(IEnumerable<string> runMethods, IEnumerable<IEnumerable<string>> methodsWithResultPerImage)
    {
        var methods = runMethods.ToList();
        return methodsWithResultPerImage.Count(stored => IsDone(methods, stored.ToHashSet(StringComparer.Ordinal).Contains));
    }
}
