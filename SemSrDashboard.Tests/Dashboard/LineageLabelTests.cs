using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SemSrDashboard.Components.Pages;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;
using SemSrDashboard.Hosting;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>A model fine-tuned here is named with its lineage ("base → id") where a run names its methods: the run
/// page's compared method and the run's provenance (as the Settings &amp; provenance dialog lists it).</summary>
public sealed class LineageLabelTests : DashboardTestContext, IDisposable
{
    private const string FineTuned = "lab-slim";
    private const string Expected = "rdn-slim-x4 → lab-slim";
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-lineage-").FullName;

    void IDisposable.Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A folder holding a real fine-tuned model's files: the slim network's weights under a card that
    /// records lineage from the bundled slim model (the card's sha256 is the file's, as the registry checks).</summary>
    private string FineTunedModelFolder(ModelCard baseCard)
    {
        string models = Path.Combine(_folder, "models");
        Directory.CreateDirectory(models);
        var lineage = new ModelLineage(baseCard.Id, baseCard.Sha256, RepositoryPaths.DemoData, ["Nanowires/a.png"], ["Nanowires/b.png"],
            0.25, 1, 10, 48, 8, 1e-4, 7.5, 12, new Dictionary<string, string> { ["TorchSharp"] = "0.107.0" });
        var card = baseCard with { Id = FineTuned, DisplayName = "lab slim", Lineage = lineage };
        ModelFiles.Write(models, card, File.ReadAllBytes(Path.Combine(RepositoryPaths.Models, "rdn-slim-x4.onnx")));
        return models;
    }

    [Fact]
    public void The_run_page_and_the_provenance_name_a_fine_tuned_model_with_its_base()
    {
        var baseCard = ModelCard.Load(Path.Combine(RepositoryPaths.Models, "rdn-slim-x4.card.json"));
        var catalog = new ModelMethodCatalog([RepositoryPaths.Models, FineTunedModelFolder(baseCard)]);
        Assert.True(catalog.IsKnown(FineTuned), string.Join("; ", catalog.Registry.Problems));
        var engine = new EngineContext(EvaluationDatabase.Open(Path.Combine(_folder, "web.db")), catalog);
        var settings = new RunSettings(RepositoryPaths.DemoData, [MethodIds.Baseline, FineTuned]);
        var image = new ScannedImage("Nanowires", "Nanowires/deepsem__130nm_21_cropped.png",
            Path.Combine(RepositoryPaths.DemoData, "Nanowires", "deepsem__130nm_21_cropped.png"));
        var run = engine.Store.CreateRun(settings, [image], 0, Provenance.Describe(settings, catalog));

        // The provenance frozen with the run names the base model and its sha256.
        var (_, described) = RunProvenance.Rows(run).Single(r => r.Name == $"methods · {FineTuned}");
        Assert.EndsWith($"; fine-tuned: {Expected} (base sha256 {baseCard.Sha256})", described, StringComparison.Ordinal);
        Assert.DoesNotContain("fine-tuned", RunProvenance.Rows(run).Single(r => r.Name == "methods · bicubic").Value, StringComparison.Ordinal);

        var options = Options.Create(new DashboardOptions { DataRoots = [RepositoryPaths.DemoData], FineTuneFolder = Path.Combine(_folder, "ft") });
        var roots = new DataRoots(options, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = _folder });
        var broadcaster = new ProgressBroadcaster(NullLogger<ProgressBroadcaster>.Instance);
        var fineTune = new FineTuneService(engine, options, roots, NullLogger<FineTuneService>.Instance);
        Services.AddSingleton(engine);
        Services.AddSingleton(broadcaster);
        Services.AddSingleton(new RunResultsCache(engine.Store, broadcaster, NullLogger<RunResultsCache>.Instance));
        Services.AddSingleton(new WorkerBoard(new WorkerRoster(engine.Database), new RunListCache(engine.Store, broadcaster),
            NullLogger<WorkerBoard>.Instance));
        Services.AddSingleton(new RunQueueService(engine, broadcaster, options, roots, fineTune,
            NullLogger<RunQueueService>.Instance, NullLogger<RunExecutor>.Instance));

        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var page = Render<RunDetail>(p => p.Add(c => c.Id, run.Id));
        Assert.Equal(Expected, page.Find("[data-testid=compared-method]").TextContent);
        Assert.Contains($"PSNR per image: {MethodIds.Baseline} vs {Expected}", page.Markup, StringComparison.Ordinal);
    }
}
