using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SemSrDashboard.Components.Controls;
using SemSrDashboard.Engine;
using SemSrDashboard.Hosting;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The folder picker of the New run dialog: full paths as tooltips, links that lead outside every root
/// named with the reason, and data folders added and removed with the outcome said.</summary>
public sealed class DataRootPickerTests : DashboardTestContext
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-picker-").FullName;
    private readonly DataRoots _roots;

    public DataRootPickerTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "lab", "grains"));
        Directory.CreateDirectory(Path.Combine(_folder, "outside", "fibres"));
        Directory.CreateSymbolicLink(Path.Combine(_folder, "lab", "elsewhere"), Path.Combine(_folder, "outside"));
        _roots = new DataRoots(Options.Create(new DashboardOptions { DataRoots = ["lab"] }), new TestHostEnvironment(_folder),
            EngineContext.Open(Path.Combine(_folder, "semsr.db")));
        Services.AddSingleton(_roots);
        Services.AddSingleton(new DataFolderBrowser(_roots));
    }

    private void Type(IRenderedComponent<FolderPicker> cut, string text)
    {
        cut.Find("[data-testid=new-root] input, input[data-testid=new-root]").Input(text);
        cut.Find("[data-testid=add-root]").Click();
    }

    [Fact]
    public void Root_buttons_carry_the_full_path_and_a_link_out_of_every_root_is_named_with_the_reason()
    {
        var cut = Render<FolderPicker>();

        var root = cut.Find("[data-testid=data-root]");
        Assert.Equal("lab", root.TextContent.Trim());
        Assert.Equal(Path.Combine(_folder, "lab"), root.GetAttribute("title"));
        Assert.Equal(["grains"], cut.FindAll("[data-testid=folder]").Select(f => f.TextContent.Trim()));
        var note = cut.Find("[data-testid=outside-links]").TextContent;
        Assert.Contains("elsewhere", note);
        Assert.Contains("outside every data folder", note);
    }

    [Fact]
    public void A_refused_folder_says_why_and_an_added_one_can_be_opened_and_removed()
    {
        var cut = Render<FolderPicker>();
        cut.Find("[data-testid=manage-roots]").Click();
        Assert.Empty(cut.FindAll("[data-testid=remove-root]")); // the configured root is changed in the configuration

        Type(cut, Path.Combine(_folder, "lab", "grains"));
        Assert.Contains("Not added: " + Path.Combine(_folder, "lab", "grains") + " lies inside the data folder", cut.Find("[data-testid=root-message]").TextContent);

        Type(cut, Path.Combine(_folder, "outside"));
        cut.WaitForAssertion(() => Assert.Contains("Added " + Path.Combine(_folder, "outside"), cut.Find("[data-testid=root-message]").TextContent));
        Assert.Equal(["lab", "outside"], cut.FindAll("[data-testid=data-root]").Select(b => b.TextContent.Trim()));
        Assert.Equal(["fibres"], cut.FindAll("[data-testid=folder]").Select(f => f.TextContent.Trim())); // the new root is open

        cut.Find("[data-testid=remove-root]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Removed " + Path.Combine(_folder, "outside") + " from the data folders. No run used it.",
            cut.Find("[data-testid=root-message]").TextContent));
        Assert.Equal(["lab"], cut.FindAll("[data-testid=data-root]").Select(b => b.TextContent.Trim()));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) // xunit disposes both asynchronously and synchronously
            Directory.Delete(_folder, recursive: true);
    }
}
