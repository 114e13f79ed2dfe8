namespace SemSrDashboard.Model;

/// <summary>The image page's view as its query string gives it: the two compared views, the map, the compared model and
/// the category page's order (any value may be missing or wrong: the view model picks a valid one).</summary>
public sealed record ImageDetailQuery(string? Left = null, string? Right = null, string? Map = null, string? Model = null,
    string? Sort = null, bool? Desc = null);
