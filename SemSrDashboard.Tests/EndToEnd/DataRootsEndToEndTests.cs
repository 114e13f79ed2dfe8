using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>In a real browser: the New run dialog adds a data folder (a refused one says why), opens it, and removes
/// it again; the added folder survives a reload. Screenshots at 1366 × 768 and 1440 × 900 go to test-output/.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DataRootsEndToEndTests
{
    [Fact]
    public async Task A_data_folder_added_in_the_dialog_is_offered_after_a_reload_and_can_be_removed()
    {
        await using var app = await DashboardApp.StartAsync();
        await using var browser = await ChromiumSession.StartAsync();
        var page = browser.Page;
        string added = Directory.CreateTempSubdirectory("semsr-e2e-added-").FullName;
        Directory.CreateDirectory(Path.Combine(added, "Grains"));
        var message = page.GetByTestId("root-message");
        try
        {
            await page.GotoAsync(app.Url);
            await browser.WaitForInteractiveAsync(app);
            await browser.ClickUntilVisibleAsync(page.GetByTestId("new-run"), page.GetByTestId("start-run"));
            await page.GetByTestId("manage-roots").ClickAsync();
            var input = page.Locator("[data-testid=new-root] input, input[data-testid=new-root]");

            await input.FillAsync(Path.Combine(added, "missing"));
            await page.GetByTestId("add-root").ClickAsync();
            await Expect(message).ToContainTextAsync("does not exist");

            await input.FillAsync(added);
            await page.GetByTestId("add-root").ClickAsync();
            await Expect(message).ToContainTextAsync("Added " + added);
            await Expect(page.GetByTestId("folder")).ToHaveTextAsync(["Grains"]);
            await Expect(page.GetByTestId("data-root").Last).ToHaveAttributeAsync("title", added);
            await browser.ScreenshotAsync("32-data-folder-added-1366.png");
            await page.SetViewportSizeAsync(1440, 900);
            await browser.ScreenshotAsync("33-data-folder-added-1440.png");
            await page.SetViewportSizeAsync(1366, 768);

            // Kept in the database: a reloaded page offers it.
            await page.ReloadAsync();
            await browser.WaitForInteractiveAsync(app);
            await browser.ClickUntilVisibleAsync(page.GetByTestId("new-run"), page.GetByTestId("start-run"));
            await Expect(page.GetByTestId("data-root")).ToHaveCountAsync(2);
            await page.GetByTestId("manage-roots").ClickAsync();
            await page.GetByTestId("remove-root").ClickAsync();
            await Expect(message).ToContainTextAsync("Removed " + added + " from the data folders. No run used it.");
            await Expect(page.GetByTestId("data-root")).ToHaveCountAsync(1);
            await browser.ScreenshotAsync("34-data-folder-removed-1366.png");
        }
        catch
        {
            await browser.ScreenshotAsync("failure-data-roots.png", fullPage: true);
            throw;
        }
        finally
        {
            Directory.Delete(added, recursive: true);
        }
    }
}
