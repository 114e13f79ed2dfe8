namespace SemSrDashboard.Engine.Training;

/// <summary>A fine-tuning request that is refused before training starts; the message says why (the command line
/// exits with code 2).</summary>
public sealed class FineTuneRefusedException(string message) : Exception(message);
