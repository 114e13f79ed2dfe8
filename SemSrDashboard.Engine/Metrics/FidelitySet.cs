namespace SemSrDashboard.Engine.Metrics;

/// <summary>The five fidelity metrics of one output against its original (see docs/metrics.md).</summary>
/// <param name="MsSsim">Multi-scale SSIM, unitless, at most 1 (higher is better); <c>nan</c> when the fifth scale
/// has a side under 11 pixels.</param>
/// <param name="Gmsd">Gradient magnitude similarity deviation, unitless, ≥ 0 (lower is better); <c>nan</c> when the
/// half-size pair has a side under 3 pixels.</param>
/// <param name="LrPsnr">PSNR in dB between the output shrunk back to the input size and the input (higher is better).</param>
/// <param name="DetailCorr">Correlation of the original's and the output's detail above the low-resolution Nyquist
/// frequency, in [−1, 1]; <c>nan</c> when either band is empty.</param>
/// <param name="DetailRatio">The output's band energy over the original's, ≥ 0; <c>nan</c> when the original's is 0.</param>
public readonly record struct FidelitySet(double MsSsim, double Gmsd, double LrPsnr, double DetailCorr, double DetailRatio);
