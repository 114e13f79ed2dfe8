namespace SemSrDashboard.Engine.Models;

/// <summary>A float32 NCHW tensor with batch 1: <see cref="Data"/> holds <see cref="Channels"/> planes of
/// <see cref="Height"/> × <see cref="Width"/> values.</summary>
public sealed record PlanarTensor(float[] Data, int Channels, int Height, int Width)
{
    public int PlaneSize => Height * Width;
}
