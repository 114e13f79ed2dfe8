using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Evaluation;

/// <summary>The reference (high-resolution, cropped) image and its degraded low-resolution version.</summary>
public sealed record PreparedImage(GrayImage Reference, GrayImage LowResolution);
