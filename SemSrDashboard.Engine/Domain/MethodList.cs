namespace SemSrDashboard.Engine.Domain;

/// <summary>The text form of a run's method list (<c>bicubic,rdn-x4</c>), as stored with the run and typed after
/// <c>--methods</c>: parsed and written here only.</summary>
public static class MethodList
{
    /// <summary>The method ids in order; empty entries and surrounding blanks are dropped.</summary>
    public static IReadOnlyList<string> Parse(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The stored form: ids joined by commas.</summary>
    public static string Format(IEnumerable<string> ids) => string.Join(',', ids);

    /// <summary>How many methods a stored list names.</summary>
    public static int Count(string? text) => Parse(text).Count;
}
