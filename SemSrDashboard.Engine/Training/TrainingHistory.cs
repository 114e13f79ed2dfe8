namespace SemSrDashboard.Engine.Training;

/// <summary>The loss curve and the held-out PSNR points of a fine-tuning job since its first step. It is saved with
/// every checkpoint, so a job resumed after a pause, a restart or a kill still shows the curve from step 1.</summary>
/// <remarks>The loss curve keeps at most <see cref="MaxLossPoints"/> points: when it is full, every other point
/// between the first and the last is dropped, so a long job keeps the curve's whole span at a coarser spacing. Not
/// thread-safe: one writer (the training thread, or its owner under a lock).</remarks>
public sealed class TrainingHistory
{
    /// <summary>Most loss points kept.</summary>
    public const int MaxLossPoints = 4000;

    private readonly List<LossPoint> _losses = [];
    private readonly List<HeldOutPoint> _heldOut = [];

    public TrainingHistory()
    {
    }

    /// <summary>A history holding these points (oldest first), e.g. as a checkpoint stored them.</summary>
    public TrainingHistory(IEnumerable<LossPoint> losses, IEnumerable<HeldOutPoint> heldOut)
    {
        foreach (var point in losses)
            Add(point);
        _heldOut.AddRange(heldOut);
    }

    /// <summary>Loss points, oldest first.</summary>
    public IReadOnlyList<LossPoint> Losses => _losses;

    /// <summary>Held-out PSNR points, oldest first.</summary>
    public IReadOnlyList<HeldOutPoint> HeldOut => _heldOut;

    public void Add(LossPoint point)
    {
        _losses.Add(point);
        if (_losses.Count > MaxLossPoints)
            for (int i = _losses.Count - 2; i > 0; i -= 2)
                _losses.RemoveAt(i);
    }

    public void Add(HeldOutPoint point) => _heldOut.Add(point);

    /// <summary>Replaces the points with <paramref name="other"/>'s.</summary>
    public void ReplaceWith(TrainingHistory other)
    {
        if (ReferenceEquals(other, this))
            return;
        _losses.Clear();
        _losses.AddRange(other._losses);
        _heldOut.Clear();
        _heldOut.AddRange(other._heldOut);
    }

    public void Clear()
    {
        _losses.Clear();
        _heldOut.Clear();
    }
}
