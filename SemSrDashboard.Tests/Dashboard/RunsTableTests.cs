using Bunit;
using SemSrDashboard.Components.Controls;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

public sealed class RunsTableTests : DashboardTestContext
{
    private static RunListItem Item(int id, string status, int done, int total, double? rate = null, TimeSpan? eta = null) => new(
        id, status, done, Failed: id == 2 ? 1 : 0, total, rate, eta, ["bicubic", "bilinear"], "demo-data", "standard", "auto", "CPU",
        new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), null, null,
        "/srv/sem/demo-data");

    [Fact]
    public void Shows_progress_rate_eta_and_settings_of_every_run()
    {
        var cut = Render<RunsTable>(p => p.Add(t => t.Items, [Item(2, "running", 3, 12, 1.5, TimeSpan.FromSeconds(75)), Item(1, "completed", 9, 9)]));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("#2", rows[0].TextContent);
        Assert.Contains("3 / 12 images (25 %), 1 failed", rows[0].TextContent);
        Assert.Contains("1.50", rows[0].TextContent);
        Assert.Contains("1 min 15 s", rows[0].TextContent);
        Assert.Contains("bicubic, bilinear", rows[0].TextContent);
        Assert.Contains("standard · auto", rows[0].TextContent);
        Assert.Contains("CPU", rows[0].TextContent);
        Assert.Contains("9 / 9 images (100 %)", rows[1].TextContent);
        Assert.Equal("/runs/2", cut.FindAll("[data-testid=run-link]")[0].GetAttribute("href"));
        var data = cut.FindAll("[data-testid=run-data]")[0];
        Assert.Equal("demo-data", data.TextContent); // only the last folder name is shown; the full path is its tooltip
        Assert.Equal("/srv/sem/demo-data", data.GetAttribute("title"));
    }

    [Fact]
    public void A_run_other_processes_execute_shows_its_workers_total_rate_and_the_ETA_at_that_rate()
    {
        // 3 of 12 done; two workers together store 1.5 images/s: 9 images left take 6 s.
        var external = Item(2, "running", 3, 12).WithWorkers(running: 2, imagesPerSecond: 1.5);
        var cut = Render<RunsTable>(p => p.Add(t => t.Items, [external]));

        Assert.Equal(2, external.RunningWorkers);
        Assert.Equal(TimeSpan.FromSeconds(6), external.Eta);
        Assert.Contains("1.50", cut.Find("[data-testid=run-rate]").TextContent);
        Assert.Equal("2 workers", cut.Find("[data-testid=run-workers-count]").TextContent.Trim());
        Assert.Contains("0 min 06 s", cut.Find("tbody tr").TextContent);
    }

    [Fact]
    public void Workers_figures_never_replace_this_servers_live_progress_nor_describe_a_run_that_is_not_running()
    {
        var live = Item(2, "running", 3, 12, 4.0, TimeSpan.FromSeconds(2));
        Assert.Same(live, live.WithWorkers(running: 2, imagesPerSecond: 1.5));
        var paused = Item(3, "paused", 3, 12);
        Assert.Same(paused, paused.WithWorkers(running: 2, imagesPerSecond: 1.5));
        var idle = Item(4, "running", 3, 12);
        Assert.Same(idle, idle.WithWorkers(running: 0, imagesPerSecond: 0));
    }

    [Fact]
    public void Offers_the_actions_that_fit_each_status()
    {
        var cut = Render<RunsTable>(p => p.Add(t => t.Items,
            [Item(4, "running", 1, 5), Item(3, "paused", 2, 5), Item(2, "cancelled", 2, 5), Item(1, "completed", 5, 5)]));
        var rows = cut.FindAll("tbody tr");

        string[] Actions(int row) => rows[row].QuerySelectorAll("button[aria-label]").Select(b => b.GetAttribute("aria-label")!).ToArray();
        Assert.Equal(["Pause", "Cancel"], Actions(0));
        Assert.Equal(["Resume", "Cancel", "Delete"], Actions(1));
        Assert.Equal(["Resume", "Delete"], Actions(2)); // cancel stops a run; it can be taken up again
        Assert.Equal(["Delete"], Actions(3));
    }

    [Fact]
    public void Method_ids_never_wrap_inside_themselves()
    {
        var item = Item(5, "running", 1, 5) with { Methods = ["bicubic", "rrdn-thick-x4", "rdn-medium-x4"] };
        var cut = Render<RunsTable>(p => p.Add(t => t.Items, [item]));

        var spans = cut.Find("[data-testid=run-methods]").QuerySelectorAll("span.nowrap").Select(s => s.TextContent).ToArray();
        Assert.Equal(["bicubic,", "rrdn-thick-x4,", "rdn-medium-x4"], spans);
        Assert.Contains("bicubic, rrdn-thick-x4, rdn-medium-x4", cut.Find("[data-testid=run-methods]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_cancel_question_names_the_run_and_its_progress_and_says_results_are_kept()
    {
        Assert.Equal("Run #7 on demo-data (bicubic, bilinear) has evaluated 29 of 32 images. Cancelling stops it and keeps its results; " +
            "it can be resumed later. Only Delete removes a run.", Item(7, "running", 29, 32).CancelQuestion);
    }

    [Fact]
    public void Buttons_report_the_run_id()
    {
        int? deleted = null, paused = null;
        var cut = Render<RunsTable>(p => p
            .Add(t => t.Items, [Item(4, "running", 1, 5), Item(3, "failed", 2, 5)])
            .Add(t => t.OnDelete, id => deleted = id)
            .Add(t => t.OnPause, id => paused = id));

        cut.Find("button[aria-label=Delete]").Click();
        cut.Find("button[aria-label=Pause]").Click();
        Assert.Equal(3, deleted);
        Assert.Equal(4, paused);
    }
}
