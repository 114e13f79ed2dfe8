using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SemSrDashboard.Cli;
using SemSrDashboard.Components.Pages;
using SemSrDashboard.Engine;
using SemSrDashboard.Services;
using SemSrDashboard.Tests.Dashboard;

namespace SemSrDashboard.Tests.Inspection;

/// <summary>The page of an image that could not be decoded tells one story: why, first, and nothing about views, sizes
/// or info bars it never had.</summary>
public sealed class FailedImagePageTests : DashboardTestContext, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-failed-").FullName;

    void IDisposable.Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_truncated_file_shows_its_failure_reason_first_and_no_empty_details()
    {
        string data = Path.Combine(_folder, "data");
        RepositoryPaths.CopyDemoCategory("Nanowires", data, 1);
        byte[] png = File.ReadAllBytes(Directory.GetFiles(Path.Combine(data, "Nanowires"))[0]);
        File.WriteAllBytes(Path.Combine(data, "Nanowires", "truncated.png"), png[..200]);
        string db = Path.Combine(_folder, "f.db");
        Assert.Equal(ExitCodes.Completed, await CommandLine.RunAsync(["evaluate", "--data", data, "--db", db, "--methods", "bicubic,bilinear"],
            TextWriter.Null, TextWriter.Null));
        var engine = EngineContext.Open(db);
        Services.AddSingleton(engine);
        Services.AddSingleton(engine.CreateInspector());
        Services.AddSingleton(_ => new RunResultsCache(engine.Store, new ProgressBroadcaster(NullLogger<ProgressBroadcaster>.Instance),
            NullLogger<RunResultsCache>.Instance));
        var failed = engine.Store.Images(1).Single(i => i.RelativePath == "Nanowires/truncated.png");
        string reason = engine.Store.Results(1).First(r => r.Image.Id == failed.Id).Result.Error!;

        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var cut = Render<ImageDetail>(p => p.Add(c => c.Id, 1).Add(c => c.ImageId, failed.Id));

        var alerts = cut.FindAll(".mud-alert");
        Assert.Equal("image-failure", alerts[0].GetAttribute("data-testid")); // the reason comes first
        Assert.Contains(reason, alerts[0].TextContent, StringComparison.Ordinal);
        Assert.Single(alerts);
        Assert.DoesNotContain("rendered on demand", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("0 × 0 px", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("0-bit", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("no instrument data strip was detected", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("· not decoded ·", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("could not be evaluated", cut.Find("[data-testid=info-bar-undecoded]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=viewer]"));
    }
}
