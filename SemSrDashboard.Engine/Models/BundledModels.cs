namespace SemSrDashboard.Engine.Models;

/// <summary>Ids of the networks shipped in the repository's <c>models/</c> folder (<c>&lt;id&gt;.onnx</c> +
/// <c>&lt;id&gt;.card.json</c>).</summary>
public static class BundledModels
{
    /// <summary>The default model: ESRGAN thick ×4 (RRDN).</summary>
    public const string DefaultId = "rrdn-thick-x4";

    /// <summary>All bundled ids, default first.</summary>
    public static IReadOnlyList<string> Ids { get; } = [DefaultId, "rdn-medium-x4", "rdn-slim-x4"];
}
