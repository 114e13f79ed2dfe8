namespace SemSrDashboard.Engine.Models.Import;

/// <summary>A TensorFlow.js layers-model cannot be converted: malformed model.json, an unsupported layer,
/// or weights that are missing or do not match the manifest.</summary>
public sealed class TfjsImportException : Exception
{
    public TfjsImportException(string message) : base(message) { }

    public TfjsImportException(string message, Exception inner) : base(message, inner) { }
}
