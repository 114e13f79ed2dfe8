namespace SemSrDashboard.Engine.Domain;

/// <summary>Names of the upsampling methods the product knows without a model file: the classical interpolations,
/// with <see cref="Baseline"/> (<c>bicubic</c>) the method every run evaluates first and compares the others with.
/// Any other method id names a model.</summary>
public static class MethodIds
{
    public const string Bicubic = "bicubic";
    public const string Bilinear = "bilinear";
    public const string Lanczos = "lanczos";
    public const string Nearest = "nearest";

    /// <summary>The baseline of every run and comparison.</summary>
    public const string Baseline = Bicubic;

    /// <summary>The interpolation ids, in the order the catalog offers them.</summary>
    public static IReadOnlyList<string> Interpolations { get; } = [Bicubic, Bilinear, Lanczos, Nearest];

    /// <summary>Whether <paramref name="id"/> is a classical interpolation (as opposed to a model).</summary>
    public static bool IsInterpolation(string id) => Interpolations.Contains(id, StringComparer.Ordinal);
}
