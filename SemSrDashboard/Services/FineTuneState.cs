namespace SemSrDashboard.Services;

/// <summary>Where the dashboard's fine-tuning job stands.</summary>
public enum FineTuneState
{
    /// <summary>No job: none was started, or the last one was cancelled or dismissed.</summary>
    None,
    /// <summary>Checking the request and reading the training images.</summary>
    Preparing,
    Training,
    /// <summary>Asked to pause: stops at the end of the current step and writes a checkpoint.</summary>
    Pausing,
    /// <summary>Stopped at a checkpoint; Resume continues from it.</summary>
    Paused,
    /// <summary>Asked to cancel: stops at the end of the current step, then removes the checkpoint.</summary>
    Cancelling,
    /// <summary>The model and its card were written.</summary>
    Completed,
    /// <summary>Stopped with an error (the message says which); the checkpoint, if any, is kept for Resume.</summary>
    Failed,
}
