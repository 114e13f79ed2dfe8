namespace SemSrDashboard.Engine.Training;

/// <summary>An image that cannot serve for training, and why.</summary>
public sealed record UnusableImage(string RelativePath, string Reason);
