namespace SemSrDashboard.Engine.Storage;

/// <summary>The database cannot be used; the message says why.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
