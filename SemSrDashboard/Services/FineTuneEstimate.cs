namespace SemSrDashboard.Services;

/// <summary>How long a fine-tuning request is expected to take, from timing one training step.</summary>
/// <param name="SecondsPerStep">Wall time of one timed step (after one untimed warm-up step), on this machine now.</param>
/// <param name="Steps">Steps of the budget; under a time budget, the steps expected to fit in it.</param>
/// <param name="Duration">Expected training time: steps × seconds per step, or the time budget.</param>
/// <param name="TrainImages">Usable training images.</param>
/// <param name="HeldOutImages">Held-out images (never read for training).</param>
/// <param name="Unusable">Training images too small for a patch, or unreadable.</param>
public sealed record FineTuneEstimate(double SecondsPerStep, long Steps, TimeSpan Duration, int TrainImages, int HeldOutImages, int Unusable);
