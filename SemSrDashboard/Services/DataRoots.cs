using Microsoft.Extensions.Options;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Services;

/// <summary>A folder the dashboard may read data from.</summary>
/// <param name="Configured">From <c>SemSr:DataRoots</c> (configuration or environment); such a root is removed there,
/// not from the dashboard.</param>
public sealed record DataRoot(string Name, string Path, bool Configured = true);

/// <summary>The allow-list of data folders; runs and the folder picker stay inside them. It holds the configured
/// roots followed by those added from the dashboard (stored in the database).</summary>
public sealed class DataRoots
{
    private readonly IReadOnlyList<DataRoot> _configured;
    private readonly EngineContext? _engine;
    private readonly DataRootStore? _store;
    private readonly Lock _gate = new();
    private IReadOnlyList<DataRoot> _all;

    public DataRoots(IOptions<DashboardOptions> options, IHostEnvironment environment, EngineContext? engine = null)
    {
        _configured = options.Value.DataRoots
            .Select(p => System.IO.Path.GetFullPath(System.IO.Path.Combine(environment.ContentRootPath, p)))
            .Select(p => new DataRoot(NameOf(p), p))
            .ToList();
        _engine = engine;
        _store = engine is null ? null : new DataRootStore(engine.Database);
        _all = Load();
    }

    public IReadOnlyList<DataRoot> All => _all;

    /// <summary>True when <paramref name="path"/>, with <c>..</c> and every symbolic link along it resolved, lies
    /// inside one of the roots.</summary>
    public bool Contains(string path) => All.Any(root => RealPath.IsInside(path, root.Path));

    /// <summary>Adds <paramref name="path"/> after <see cref="DataRootCheck"/>; the outcome says why when it is refused.</summary>
    public DataRootCheck.Outcome Add(string? path)
    {
        if (_store is null)
            return new DataRootCheck.Outcome(null, "data folders can only be added when the dashboard has its database");
        lock (_gate)
        {
            var outcome = DataRootCheck.Check(path, _all.Select(r => r.Path));
            if (outcome.Accepted)
            {
                _store.Add(outcome.Path!);
                _all = Load();
            }
            return outcome;
        }
    }

    /// <summary>Removes a root added from the dashboard. Runs on its data are kept (their pages still open, as they
    /// read the database and the files by path); the message says how many there are. A configured root is refused.</summary>
    public (bool Removed, string Message) Remove(DataRoot root)
    {
        if (root.Configured || _store is null)
            return (false, $"{root.Path} is configured (SemSr:DataRoots in appsettings.json or SemSr__DataRoots__N); remove it there");
        lock (_gate)
        {
            if (!_store.Remove(root.Path))
                return (false, $"{root.Path} is not on the list any more");
            _all = Load();
        }
        int runs = _engine!.Store.ListRuns().Count(r => RealPath.IsInside(r.DataRoot, root.Path));
        string kept = runs == 0
            ? "No run used it."
            : $"Its {runs} run(s) are kept and their pages still open; new runs cannot read it until it is added again.";
        return (true, $"Removed {root.Path} from the data folders. {kept}");
    }

    private IReadOnlyList<DataRoot> Load() =>
        _store is null
            ? _configured
            : [.. _configured, .. _store.List().Select(p => new DataRoot(NameOf(p), p, Configured: false))];

    private static string NameOf(string path) => System.IO.Path.GetFileName(path.TrimEnd('/')) is { Length: > 0 } name ? name : path;
}
