namespace SemSrDashboard.Engine.Metrics;

/// <summary>Means of the Gaussian SSIM map and of its contrast-structure factor over the valid region.</summary>
/// <param name="Ssim">Mean of ((2μxμy + C1)(2σxy + C2))/((μx² + μy² + C1)(σx² + σy² + C2)), unitless.</param>
/// <param name="ContrastStructure">Mean of cs = (2σxy + C2)/(σx² + σy² + C2), unitless.</param>
internal readonly record struct SsimMeans(double Ssim, double ContrastStructure);
