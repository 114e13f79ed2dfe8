namespace SemSrDashboard.Engine.Training;

/// <summary>A progress event of a fine-tuning job, reported after every step.</summary>
/// <param name="Step">Steps taken so far.</param>
/// <param name="TotalSteps">Steps the job will take; null under a time budget.</param>
/// <param name="Loss">This step's L1 loss in grey levels.</param>
/// <param name="MeanLoss">Mean loss over the recent steps (the window of the card's final loss).</param>
/// <param name="HeldOutPsnr">Mean PSNR (dB) of the current weights on the held-out images, when measured at this step.</param>
/// <param name="Elapsed">Training wall time over all sessions.</param>
/// <param name="PatchesPerSecond">Training throughput of this session so far.</param>
/// <param name="CheckpointSaved">True when a checkpoint was written after this step.</param>
/// <param name="ResumedFrom">On the first event after a resume: the step the checkpoint held.</param>
public sealed record TrainingProgress(
    long Step,
    long? TotalSteps,
    double Loss,
    double MeanLoss,
    double? HeldOutPsnr,
    TimeSpan Elapsed,
    double PatchesPerSecond,
    bool CheckpointSaved,
    long? ResumedFrom);
