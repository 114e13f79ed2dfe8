namespace SemSrDashboard.Engine.Inspection;

public enum InspectionStatus
{
    /// <summary>The PNG is in <see cref="InspectionResult.Png"/>.</summary>
    Ok,
    /// <summary>No such run, image of that run, method of that run or variant.</summary>
    NotFound,
    /// <summary>The image's source file is no longer where the run read it (moved or deleted since).</summary>
    SourceMissing,
    /// <summary>The variant cannot be produced for this image (a failed image, a seed-protocol run, no info bar).</summary>
    Unavailable,
}

/// <summary>A rendered image or the reason why there is none.</summary>
public sealed record InspectionResult(InspectionStatus Status, byte[]? Png, string? Message)
{
    public static InspectionResult Of(byte[] png) => new(InspectionStatus.Ok, png, null);

    public static InspectionResult NotFound(string message) => new(InspectionStatus.NotFound, null, message);

    public static InspectionResult Unavailable(string message) => new(InspectionStatus.Unavailable, null, message);
}
