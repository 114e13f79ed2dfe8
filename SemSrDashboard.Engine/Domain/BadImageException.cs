namespace SemSrDashboard.Engine.Domain;

/// <summary>An image that decodes but is too small to evaluate.</summary>
public sealed class BadImageException(string message) : Exception(message);
