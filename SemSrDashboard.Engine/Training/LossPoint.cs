namespace SemSrDashboard.Engine.Training;

/// <summary>One step's training loss for the loss curve: this step's L1 loss and the mean over the recent steps
/// (<see cref="FineTuneJob.FinalLossWindow"/>), both in grey levels.</summary>
public readonly record struct LossPoint(long Step, double Loss, double MeanLoss);
