using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using SemSrDashboard.Components.FineTune;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;
using SemSrDashboard.Hosting;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The Fine-tune dialog and its form: the same refusals as <c>models finetune</c> (existing, bundled and
/// interpolation ids, numbers out of range), shown as the fields change, and the request it starts.</summary>
public sealed class FineTuneDialogTests : DashboardTestContext
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-ftdialog-").FullName;
    private readonly string _out;
    private readonly string _data;
    private readonly ModelRegistry _registry = ModelRegistry.Scan([RepositoryPaths.Models]);

    public FineTuneDialogTests()
    {
        _out = Directory.CreateDirectory(Path.Combine(_folder, "models")).FullName;
        _data = RepositoryPaths.CopyDemoCategories(_folder, "Nanowires", "Biological");
        var options = Options.Create(new DashboardOptions { DataRoots = [_data], FineTuneFolder = _out });
        var engine = new EngineContext(EvaluationDatabase.Open(Path.Combine(_folder, "web.db")), new ModelMethodCatalog(_registry));
        var roots = new DataRoots(options, new TestHostEnvironment(_folder), engine);
        var fineTune = new FineTuneService(engine, options, roots, NullLogger<FineTuneService>.Instance);
        Services.AddSingleton(engine);
        Services.AddSingleton(roots);
        Services.AddSingleton(new DataFolderBrowser(roots));
        Services.AddSingleton(fineTune);
        Services.AddSingleton(new FineTuneEstimator(fineTune));
    }

    private FineTuneForm Valid() => new() { BaseId = "rdn-slim-x4", DataRoot = _data, NewId = "lab-slim" };

    private IReadOnlyList<string> ErrorsOf(FineTuneForm form) => form.Errors(_registry, _out, path => path.StartsWith(_data, StringComparison.Ordinal));

    [Fact]
    public void A_complete_form_has_no_errors_and_gives_the_request_the_verb_would_get()
    {
        var form = Valid();
        form.Seed = 7;
        form.Steps = 250;
        Assert.Empty(ErrorsOf(form));
        var settings = form.ToSettings();
        Assert.Equal(("rdn-slim-x4", _data, "lab-slim", 0.25, 7L, 250L, (double?)null), (settings.BaseId, settings.DataRoot, settings.NewId,
            settings.HeldOutFraction, settings.Seed, settings.Steps, settings.Minutes));
        Assert.Equal((48, 8, 1e-4, 50), (settings.Patch, settings.Batch, settings.LearningRate, settings.ValidateEvery));

        form.BudgetInMinutes = true;
        form.Minutes = 12.5;
        settings = form.ToSettings();
        Assert.Equal(((long?)null, (double?)12.5), (settings.Steps, settings.Minutes));
    }

    [Theory]
    [InlineData("bicubic", "is the name of an interpolation")]
    [InlineData("rdn-slim-x4", "is a bundled model")]
    [InlineData("Lab Slim", "must be lower-case letters")]
    [InlineData("", "Give the new model an id")]
    [InlineData("taken", "already exists in")]
    public void Ids_the_verb_refuses_are_refused_with_its_reason(string id, string reason)
    {
        File.WriteAllBytes(Path.Combine(_out, "taken.onnx"), [1]);
        var form = Valid();
        form.NewId = id;
        string error = Assert.Single(ErrorsOf(form));
        Assert.Contains(reason, error);
        Assert.DoesNotContain("--", error); // worded for the dialog, not the command line
    }

    [Theory]
    [InlineData(nameof(FineTuneForm.HeldOutFraction), 0.0, "held-out fraction must lie between 0 and 1")]
    [InlineData(nameof(FineTuneForm.HeldOutFraction), 1.0, "held-out fraction must lie between 0 and 1")]
    [InlineData(nameof(FineTuneForm.Steps), 0.0, "at least 1 step")]
    [InlineData(nameof(FineTuneForm.Minutes), 0.0, "more than 0 minutes")]
    [InlineData(nameof(FineTuneForm.Patch), 3.0, "at least 4 pixels")]
    [InlineData(nameof(FineTuneForm.Batch), 0.0, "at least 1 patch")]
    [InlineData(nameof(FineTuneForm.LearningRate), 0.0, "positive number")]
    public void Numbers_out_of_range_are_refused(string field, double value, string reason)
    {
        var form = Valid();
        switch (field)
        {
            case nameof(FineTuneForm.HeldOutFraction): form.HeldOutFraction = value; break;
            case nameof(FineTuneForm.Steps): form.Steps = (long)value; break;
            case nameof(FineTuneForm.Minutes): form.BudgetInMinutes = true; form.Minutes = value; break;
            case nameof(FineTuneForm.Patch): form.Patch = (int)value; break;
            case nameof(FineTuneForm.Batch): form.Batch = (int)value; break;
            case nameof(FineTuneForm.LearningRate): form.LearningRate = value; break;
        }
        Assert.Contains(reason, Assert.Single(ErrorsOf(form)));
    }

    [Fact]
    public void A_missing_base_model_or_a_folder_outside_the_data_roots_is_refused()
    {
        var form = Valid();
        form.BaseId = "no-such-model";
        form.DataRoot = _folder;
        Assert.Equal(["Choose the base model.", "Choose a data folder inside one of the data roots."], ErrorsOf(form));
    }

    [Fact]
    public async Task The_dialog_offers_the_models_with_a_card_and_refuses_a_taken_id_as_it_is_typed()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<FineTuneDialog> { { d => d.Form, Valid() } };
        await provider.InvokeAsync(() => dialogs.ShowAsync<FineTuneDialog>("Fine-tune", parameters));

        var start = provider.Find("[data-testid=finetune-start]");
        Assert.False(start.HasAttribute("disabled"), provider.Markup);
        Assert.Contains($"Written to {_out}", provider.Markup);

        provider.Find("input[data-testid=finetune-id], [data-testid=finetune-id] input").Input("rdn-medium-x4");
        provider.WaitForAssertion(() =>
        {
            Assert.True(provider.Find("[data-testid=finetune-start]").HasAttribute("disabled"));
            Assert.Contains("The id 'rdn-medium-x4' is a bundled model", provider.Markup);
        });

        provider.Find("input[data-testid=finetune-id], [data-testid=finetune-id] input").Input("lab-medium");
        provider.WaitForAssertion(() => Assert.False(provider.Find("[data-testid=finetune-start]").HasAttribute("disabled")));
        Assert.DoesNotContain("is a bundled model", provider.Markup);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) // xunit disposes both asynchronously and synchronously
            Directory.Delete(_folder, recursive: true);
    }
}
