using System.Diagnostics;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Runs;

/// <summary>Keeps a run's counts as results are stored and makes <see cref="RunProgress"/> snapshots.</summary>
internal sealed class ProgressTracker
{
    private readonly int _runId;
    private readonly IReadOnlyList<string> _methods;
    private readonly Dictionary<int, StoredImage> _images;
    private readonly Dictionary<int, Dictionary<string, string>> _statuses;
    private readonly Dictionary<string, (int Total, int Done, int Failed)> _categories = new(StringComparer.Ordinal);
    private readonly ThroughputWindow _window = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _done, _failed;
    private string? _current, _lastError;

    public ProgressTracker(StoredRun run, IReadOnlyList<StoredImage> images, Dictionary<(int ImageId, string Method), string> stored)
    {
        _runId = run.Id;
        _methods = StoredRunSettings.From(run).Methods;
        _images = images.ToDictionary(i => i.Id);
        _statuses = images.ToDictionary(i => i.Id, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        foreach (var ((imageId, method), status) in stored)
            if (_statuses.TryGetValue(imageId, out var byMethod))
                byMethod[method] = status;
        foreach (var image in images)
        {
            var counts = _categories.GetValueOrDefault(image.Category);
            counts.Total++;
            if (IsDone(image.Id))
            {
                counts.Done++;
                _done++;
                if (IsFailed(image.Id)) { counts.Failed++; _failed++; }
            }
            _categories[image.Category] = counts;
        }
    }

    public IReadOnlySet<string> MissingMethods(int imageId)
    {
        lock (_gate)
            return _methods.Where(m => !_statuses[imageId].ContainsKey(m)).ToHashSet(StringComparer.Ordinal);
    }

    public void Started(string relativePath)
    {
        lock (_gate)
            _current = relativePath;
    }

    public void Completed(ImageEvaluation evaluation)
    {
        lock (_gate)
        {
            int id = evaluation.Image.Id;
            bool wasDone = IsDone(id);
            foreach (var result in evaluation.Results)
            {
                _statuses[id].TryAdd(result.Method, result.Status);
                if (result.Error is not null)
                    _lastError = $"{evaluation.Image.RelativePath}: {result.Error}";
            }
            if (wasDone || !IsDone(id))
                return;
            var counts = _categories[_images[id].Category];
            counts.Done++;
            _done++;
            if (IsFailed(id)) { counts.Failed++; _failed++; }
            _categories[_images[id].Category] = counts;
            _window.Add(_clock.Elapsed);
        }
    }

    public RunProgress Snapshot(string status)
    {
        lock (_gate)
        {
            double rate = _window.PerSecond;
            int remaining = _images.Count - _done;
            TimeSpan? eta = remaining == 0 ? TimeSpan.Zero : rate > 0 ? TimeSpan.FromSeconds(remaining / rate) : null;
            var categories = _categories.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new CategoryProgress(c.Key, c.Value.Total, c.Value.Done, c.Value.Failed)).ToList();
            return new RunProgress(_runId, status, _images.Count, _done, _failed, rate, eta, _current, _lastError, categories);
        }
    }

    private bool IsDone(int imageId) => ImageCompletion.IsDone(_methods, _statuses[imageId].ContainsKey);
    private bool IsFailed(int imageId) => _statuses[imageId].Values.Any(s => s == ResultStatus.Failed);
}
