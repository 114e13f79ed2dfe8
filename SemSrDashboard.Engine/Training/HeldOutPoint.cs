namespace SemSrDashboard.Engine.Training;

/// <summary>The mean PSNR (dB) of the weights after <paramref name="Step"/> steps on the held-out images.</summary>
public readonly record struct HeldOutPoint(long Step, double Psnr);
