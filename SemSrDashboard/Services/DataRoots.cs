using Microsoft.Extensions.Options;
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

    /// <summary>True when <paramref name="path"/> (symbolic links resolved) lies inside one of the roots.</summary>
    public bool Contains(string path)
    {
        string full = Resolve(System.IO.Path.GetFullPath(path));
        return All.Any(root =>
        {
            string rootPath = Resolve(root.Path).TrimEnd('/') + "/";
            return (full.TrimEnd('/') + "/").StartsWith(rootPath, StringComparison.Ordinal);
        });
    }

    private static string Resolve(string path)
    {
        try
        {
            return new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }
}
