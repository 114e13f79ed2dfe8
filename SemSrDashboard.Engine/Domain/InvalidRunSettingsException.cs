namespace SemSrDashboard.Engine.Domain;

/// <summary>Settings that cannot make a run; the message is for the user.</summary>
public sealed class InvalidRunSettingsException(string message) : Exception(message);
