namespace SemSrDashboard.Engine.Training;

/// <summary>One training batch in plain arrays: <see cref="Input"/> holds <see cref="Count"/> low-resolution patches
/// as the network takes them ([N, Channels, Patch, Patch], in the card's input range); <see cref="Target"/> the
/// matching high-resolution patches in grey levels 0–255 ([N, 1, Patch·Scale, Patch·Scale]).</summary>
public sealed record PatchBatch(float[] Input, float[] Target, int Count, int Channels, int Patch, int Scale)
{
    /// <summary>Side of a high-resolution patch.</summary>
    public int TargetSide => Patch * Scale;
}
