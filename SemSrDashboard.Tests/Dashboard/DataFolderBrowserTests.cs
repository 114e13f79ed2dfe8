using Microsoft.Extensions.Options;
using SemSrDashboard.Hosting;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Dashboard;

public sealed class DataFolderBrowserTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-roots-").FullName;

    private DataFolderBrowser Browser(params string[] roots)
    {
        var options = Options.Create(new DashboardOptions { DataRoots = [.. roots] });
        return new DataFolderBrowser(new DataRoots(options, new TestHostEnvironment(_folder)));
    }

    [Fact]
    public void Lists_sub_folders_inside_the_roots_only()
    {
        string root = Path.Combine(_folder, "lab");
        Directory.CreateDirectory(Path.Combine(root, "grains", "deeper"));
        Directory.CreateDirectory(Path.Combine(root, "fibres"));
        Directory.CreateDirectory(Path.Combine(root, ".hidden"));
        Directory.CreateDirectory(Path.Combine(_folder, "outside"));
        var browser = Browser("lab");

        var children = browser.SubFolders(root);
        Assert.Equal(["fibres", "grains"], children.Select(c => c.Name));
        Assert.True(children[1].HasSubFolders);
        Assert.False(children[0].HasSubFolders);
        Assert.Empty(browser.SubFolders(_folder)); // the parent of a root is outside
        Assert.Empty(browser.SubFolders(Path.Combine(root, "..", "outside")));
        Assert.Null(browser.RootOf(Path.Combine(_folder, "outside")));
        Assert.Equal(["lab", "grains", "deeper"], browser.Trail(Path.Combine(root, "grains", "deeper")).Select(t => t.Name));
    }

    [Fact]
    public void A_root_that_disappeared_is_reported_missing()
    {
        var browser = Browser("gone");
        var root = Assert.Single(browser.Roots);
        Assert.False(DataFolderBrowser.Exists(root));
        Assert.Empty(browser.SubFolders(root.Path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
