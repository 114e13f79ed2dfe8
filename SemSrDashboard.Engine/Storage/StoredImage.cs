namespace SemSrDashboard.Engine.Storage;

/// <summary>One image of a run as read from the store: an immutable copy of <see cref="ImageRecord"/>'s columns
/// without the worker claim, which only the workers' own protocol reads.</summary>
public sealed record StoredImage
{
    /// <summary>Ascends in the order the run evaluates its images, not by path.</summary>
    public int Id { get; init; }
    public int RunId { get; init; }
    public required string Category { get; init; }
    /// <summary>Path relative to the run's data root, '/' separated.</summary>
    public required string RelativePath { get; init; }
    /// <summary>Size evaluated, after info-bar removal and cropping to a multiple of the scale (0 before).</summary>
    public int Width { get; init; }
    public int Height { get; init; }
    /// <summary>Size of the decoded file before any cropping.</summary>
    public int SourceWidth { get; init; }
    public int SourceHeight { get; init; }
    public int? InfoBarRows { get; init; }
    public int SourceBitDepth { get; init; }
    /// <summary>16-bit data that lies in the low byte and becomes (nearly) black in 8 bits.</summary>
    public bool NearlyBlack { get; init; }

    public static StoredImage From(ImageRecord image) => new()
    {
        Id = image.Id,
        RunId = image.RunId,
        Category = image.Category,
        RelativePath = image.RelativePath,
        Width = image.Width,
        Height = image.Height,
        SourceWidth = image.SourceWidth,
        SourceHeight = image.SourceHeight,
        InfoBarRows = image.InfoBarRows,
        SourceBitDepth = image.SourceBitDepth,
        NearlyBlack = image.NearlyBlack,
    };
}
