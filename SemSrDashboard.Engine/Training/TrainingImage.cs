using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Training;

/// <summary>One image prepared exactly as an evaluation prepares it: decoded to grey, info bar removed (auto),
/// cropped to a multiple of the scale (<see cref="HighResolution"/>) and shrunk with <c>INTER_AREA</c>
/// (<see cref="LowResolution"/>).</summary>
/// <param name="RelativePath">Path relative to the data root, '/'-separated.</param>
public sealed record TrainingImage(string RelativePath, GrayImage HighResolution, GrayImage LowResolution);
