using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using static Microsoft.Playwright.Assertions;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>In a real browser: the Fine-tune dialog estimates and starts a tiny fine-tuning of the slim model on the
/// demo images, the live view draws the loss curve and the held-out PSNR, pauses and resumes it, and one click queues the comparison of
/// bicubic, the base and the new model on exactly the held-out images. Screenshots at 1366 × 768 go to test-output/.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FineTuneEndToEndTests
{
    private static readonly string[] Categories = ["Biological", "Geological_Shale", "Nanowires", "Patterned_surface", "Surface_Topography_BSE"];

    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input");

    private static async Task Type(IPage page, string testId, string value)
    {
        await Input(page, testId).FillAsync(value);
        await Input(page, testId).PressAsync("Tab");
    }

    [Fact]
    public async Task Fine_tuning_from_the_dialog_draws_the_loss_curve_and_queues_the_held_out_comparison()
    {
        await using var app = await DashboardApp.StartAsync(root =>
        {
            foreach (string category in Categories)
                RepositoryPaths.CopyDemoCategory(category, root);
        });
        await using var browser = await ChromiumSession.StartAsync();
        var page = browser.Page;
        var slow = new LocatorAssertionsToBeVisibleOptions { Timeout = 180_000 };
        try
        {
            await page.GotoAsync(app.Url + "/finetune");
            await Expect(page.GetByTestId("no-finetune")).ToBeVisibleAsync();
            await browser.WaitForInteractiveAsync(app);
            await browser.ClickUntilVisibleAsync(page.GetByTestId("open-finetune"), page.GetByTestId("finetune-start"));
            await Expect(page.GetByTestId("selected-folder")).ToHaveTextAsync(app.DataRoot);

            await page.GetByTestId("finetune-base").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "rdn-slim-x4" }).ClickAsync();
            await Type(page, "finetune-id", "rdn-slim-x4");
            await Expect(page.GetByTestId("finetune-dialog")).ToContainTextAsync("is a bundled model");
            await Expect(page.GetByTestId("finetune-start")).ToBeDisabledAsync();
            await Type(page, "finetune-id", "lab-slim");
            await Type(page, "finetune-steps", "400");
            await Type(page, "finetune-patch", "12");
            await Type(page, "finetune-batch", "2");
            await Type(page, "finetune-validate-every", "50");
            await Expect(page.GetByTestId("finetune-start")).ToBeEnabledAsync();
            await page.GetByTestId("finetune-estimate").ClickAsync();
            await Expect(page.GetByTestId("finetune-estimate-text")).ToContainTextAsync(
                new Regex(@"for 400 steps \(\d+\.\d\d s per step; 5 training images, 4 held out\)"), new() { Timeout = 60_000 });
            await browser.ScreenshotAsync("60-finetune-dialog-1366.png");
            await page.GetByTestId("finetune-start").ClickAsync();

            await Expect(page.GetByTestId("finetune-job")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("loss-curve").Locator(".js-plotly-plot")).ToBeVisibleAsync(slow);
            await browser.ScreenshotAsync("61-finetune-live-1366.png");

            // Paused: the checkpoint keeps every step; resumed: it goes on from there.
            await page.GetByTestId("finetune-pause").ClickAsync();
            await Expect(page.GetByTestId("finetune-state")).ToHaveTextAsync("Paused", new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("finetune-message")).ToContainTextAsync("the checkpoint keeps every step");
            await browser.ScreenshotAsync("61a-finetune-paused-1366.png");
            await page.GetByTestId("finetune-resume").ClickAsync();
            await Expect(page.GetByTestId("finetune-resumed")).ToContainTextAsync("resumed from the checkpoint at step", new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("finetune-state")).ToHaveTextAsync("Completed", new() { Timeout = 180_000 });
            await Expect(page.GetByTestId("held-out-psnr-chart").Locator(".js-plotly-plot")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("finetune-step")).ToHaveTextAsync("step 400 / 400");
            await Expect(page.GetByTestId("finetune-written")).ToContainTextAsync("4 held-out images");
            await browser.ScreenshotAsync("62-finetune-completed-1366.png", fullPage: true);

            await page.GetByTestId("finetune-compare").ClickAsync();
            await page.WaitForURLAsync(new Regex(@"/runs/\d+$"), new() { Timeout = 60_000 });
            var run = Assert.Single(app.Services.GetRequiredService<EngineContext>().Store.ListRuns());
            Assert.Equal(["bicubic", "rdn-slim-x4", "lab-slim"], MethodList.Parse(run.Methods));
            // Exactly the held-out images of the new model's lineage, read from the fine-tuning's own folder.
            var lineage = Engine.Models.ModelCard.Load(Directory.EnumerateFiles(Path.Combine(app.Folder, "models"), "lab-slim.card.json", SearchOption.AllDirectories).Single()).Lineage!;
            Assert.Equal(lineage.DataFolder, run.DataRoot);
            Assert.Equal(lineage.HeldOutImages.Order(StringComparer.Ordinal), run.Subset!.Split('\n'));
            await Expect(page.GetByTestId("images-done")).ToHaveTextAsync("4 / 4", new() { Timeout = 180_000 });
            await browser.ScreenshotAsync("63-finetune-comparison-run-1366.png", fullPage: true);
        }
        catch
        {
            await browser.ScreenshotAsync("failure-finetune.png", fullPage: true);
            throw;
        }
    }
}
