using Microsoft.Extensions.Options;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Services;

/// <summary>A folder the dashboard may read data from.</summary>
public sealed record DataRoot(string Name, string Path);

/// <summary>The allow-list of data folders; runs and the folder picker stay inside them.</summary>
public sealed class DataRoots(IOptions<DashboardOptions> options, IHostEnvironment environment)
{
    public IReadOnlyList<DataRoot> All { get; } = options.Value.DataRoots
        .Select(p => System.IO.Path.GetFullPath(System.IO.Path.Combine(environment.ContentRootPath, p)))
        .Select(p => new DataRoot(System.IO.Path.GetFileName(p.TrimEnd('/')), p))
        .ToList();

    /// <summary>True when <paramref name="path"/>, with <c>..</c> and every symbolic link along it resolved, lies
    /// inside one of the roots.</summary>
    public bool Contains(string path) => All.Any(root => RealPath.IsInside(path, root.Path));
}
