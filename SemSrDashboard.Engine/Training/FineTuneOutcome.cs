using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Engine.Training;

/// <summary>How a fine-tuning job ended.</summary>
/// <param name="Completed">True when the model was written; false when the job was cancelled (its checkpoint holds
/// the last step, and running it again resumes there).</param>
/// <param name="Steps">Steps taken over all sessions.</param>
/// <param name="Card">The written model's card (null unless completed).</param>
/// <param name="OnnxPath">The written ONNX file (null unless completed).</param>
/// <param name="CheckpointPath">The checkpoint file (removed once the model is written).</param>
/// <param name="Elapsed">Training wall time over all sessions.</param>
/// <param name="PatchesPerSecond">Throughput of this session.</param>
/// <param name="FinalLoss">Mean loss over the recent steps, in grey levels.</param>
public sealed record FineTuneOutcome(
    bool Completed,
    long Steps,
    ModelCard? Card,
    string? OnnxPath,
    string CheckpointPath,
    TimeSpan Elapsed,
    double PatchesPerSecond,
    double FinalLoss);
