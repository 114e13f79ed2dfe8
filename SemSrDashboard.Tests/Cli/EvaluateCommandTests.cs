using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OpenCvSharp;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Scanning;

namespace SemSrDashboard.Tests.Cli;

public sealed class EvaluateCommandTests : IDisposable
{
    private static readonly string[] Header =
        ["category", "file", "width", "height", "method", "psnr", "ssim", "ssim_skimage", "status", "error", "info_bar_rows",
            "ms_ssim", "gmsd", "lr_psnr", "detail_corr", "detail_ratio"];

    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private void CopyThreeDemoImages()
    {
        _box.CopyDemo("Biological/lung__CS_Bottom_of_Insert_DC_02052021_5KV_1000_ETD-HV_5_14.png");
        _box.CopyDemo("Geological_Shale/gscshale__Tile_r1-c1_Chenzh-P7-run1_0024.png");
        _box.CopyDemo("Nanowires/deepsem__130nm_21_cropped.png");
    }

    private void WriteConstantImage(string relative, byte value)
    {
        var flat = new GrayImage(64, 48);
        Array.Fill(flat.Pixels, value);
        using var mat = ImageLoader.ToMat(flat);
        Cv2.ImEncode(".png", mat, out byte[] png);
        _box.WriteData(relative, png);
    }

    private string[] Evaluate(params string[] extra) =>
        ["evaluate", "--data", _box.Data, "--db", _box.Database, "--methods", "bicubic,bilinear", "--info-bar", "none", .. extra];

    [Fact]
    public async Task WithoutMethodsARunComparesTheDefaultModelWithBicubicAndBicubicAloneIsStillAccepted()
    {
        _box.CopyDemo("Nanowires/deepsem__130nm_21_cropped.png");

        var compared = await _box.Run("evaluate", "--data", _box.Data, "--db", _box.Database);
        var baselineOnly = await _box.Run("evaluate", "--data", _box.Data, "--db", _box.Database, "--methods", "bicubic");

        Assert.True(compared.Code == 0, compared.ToString());
        Assert.Contains("methods bicubic,rrdn-thick-x4", compared.Error);
        Assert.True(baselineOnly.Code == 0, baselineOnly.ToString());
        var runs = _box.OpenEngine().Store.ListRuns();
        Assert.Equal(["bicubic", "bicubic,rrdn-thick-x4"], runs.Select(r => r.Methods));
        Assert.All(runs, r => Assert.Equal("completed", r.Status));
    }

    [Fact]
    public async Task AGoodRunWritesOneCsvRowPerImageAndMethod()
    {
        CopyThreeDemoImages();
        WriteConstantImage("Flat/constant.png", 143);
        string csv = _box.PathIn("out.csv");
        var previous = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo.CurrentCulture = comma;
        CliResult result;
        try
        {
            result = await _box.Run(Evaluate("--csv", csv));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("Run 1: 4 images, methods bicubic,bilinear", result.Error);
        Assert.Contains("Run 1 completed", result.Error);
        Assert.Contains($"Wrote {csv}", result.Error);
        Assert.Equal("", result.Output); // standard output is for data; this verb's messages go to standard error
        Assert.Equal(Header, Csv.Read(csv)[0]);
        var rows = Csv.Records(csv);
        Assert.Equal(8, rows.Count);
        Assert.Equal(
            [
                "Biological/lung__CS_Bottom_of_Insert_DC_02052021_5KV_1000_ETD-HV_5_14.png",
                "Flat/constant.png",
                "Geological_Shale/gscshale__Tile_r1-c1_Chenzh-P7-run1_0024.png",
                "Nanowires/deepsem__130nm_21_cropped.png",
            ],
            rows.Select(r => r["file"]).Distinct());
        Assert.Equal(["bicubic", "bilinear"], rows.Select(r => r["method"]).Distinct());
        Assert.All(rows.GroupBy(r => r["file"]), g => Assert.Equal(["bicubic", "bilinear"], g.Select(r => r["method"])));
        Assert.Equal(["Biological", "Flat", "Geological_Shale", "Nanowires"], rows.Select(r => r["category"]).Distinct());
        foreach (var row in rows)
        {
            Assert.Equal("ok", row["status"]);
            Assert.Equal("", row["error"]);
            Assert.Equal("0", row["info_bar_rows"]);
            Assert.DoesNotContain(',', row["psnr"] + row["ssim"] + row["ssim_skimage"]);
            if (row["category"] == "Flat")
            {
                Assert.Equal(("64", "48"), (row["width"], row["height"]));
                Assert.Equal("inf", row["psnr"]);
                Assert.Equal(1.0, double.Parse(row["ssim"], CultureInfo.InvariantCulture));
            }
            else
            {
                Assert.Equal(("256", "256"), (row["width"], row["height"]));
                double psnr = double.Parse(row["psnr"], NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.InRange(psnr, 15, 50);
                Assert.InRange(double.Parse(row["ssim"], NumberStyles.Float, CultureInfo.InvariantCulture), 0, 1);
                Assert.InRange(double.Parse(row["ssim_skimage"], NumberStyles.Float, CultureInfo.InvariantCulture), 0, 1);
            }
        }
    }

    [Fact]
    public async Task RunningTheSameCommandAgainResumesAnUnfinishedRunWithoutDuplicates()
    {
        CopyThreeDemoImages();
        string csv = _box.PathIn("out.csv");
        var first = await _box.Run(Evaluate("--csv", csv));
        Assert.True(first.Code == 0, first.ToString());
        var complete = File.ReadAllText(csv);

        // Leave the run as an interruption would: paused, with the last image's results missing.
        using (var db = _box.OpenEngine().Database.CreateContext())
        {
            var last = db.Images.OrderByDescending(i => i.RelativePath).First();
            db.Results.Where(r => r.ImageId == last.Id).ExecuteDelete();
            db.Runs.ExecuteUpdate(s => s.SetProperty(r => r.Status, RunStatus.Paused));
        }

        var second = await _box.Run(Evaluate("--csv", csv));

        Assert.True(second.Code == 0, second.ToString());
        Assert.Contains("Resuming run 1 (3 images)", second.Error);
        Assert.Contains("Run 1 completed", second.Error);
        Assert.Equal(complete, File.ReadAllText(csv));
        var engine = _box.OpenEngine();
        Assert.Single(engine.Store.ListRuns());
        Assert.Equal(6, engine.Store.Results(1).Count);
    }

    [Fact]
    public async Task NewStartsAnotherRunAndACompletedRunIsNotResumed()
    {
        CopyThreeDemoImages();
        Assert.Equal(0, (await _box.Run(Evaluate())).Code);

        var again = await _box.Run(Evaluate());
        Assert.True(again.Code == 0, again.ToString());
        Assert.Contains("Run 2: 3 images", again.Error);
        Assert.DoesNotContain("Resuming", again.Error);

        // An unfinished run is resumed unless --new is given.
        using (var db = _box.OpenEngine().Database.CreateContext())
            db.Runs.Where(r => r.Id == 2).ExecuteUpdate(s => s.SetProperty(r => r.Status, RunStatus.Paused));
        var forced = await _box.Run(Evaluate("--new"));
        Assert.True(forced.Code == 0, forced.ToString());
        Assert.Contains("Run 3: 3 images", forced.Error);

        var resumed = await _box.Run(Evaluate());
        Assert.Contains("Resuming run 2", resumed.Error);

        var engine = _box.OpenEngine();
        Assert.Equal([3, 2, 1], engine.Store.ListRuns().Select(r => r.Id));
        Assert.All(engine.Store.ListRuns(), r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.All(engine.Store.ListRuns(), r => Assert.Equal(6, engine.Store.Results(r.Id).Count));
    }

    [Fact]
    public async Task ResumeByIdContinuesThatRunAndRefusesAFinishedOne()
    {
        CopyThreeDemoImages();
        Assert.Equal(0, (await _box.Run(Evaluate())).Code);

        var finished = await _box.Run(Evaluate("--resume", "1"));
        Assert.True(finished.Code == 2, finished.ToString());
        Assert.Contains("error: run 1 is completed and cannot be resumed", finished.Error);

        var missing = await _box.Run(Evaluate("--resume", "7"));
        Assert.True(missing.Code == 2, missing.ToString());
        Assert.Contains("error: run 7 not found", missing.Error);

        using (var db = _box.OpenEngine().Database.CreateContext())
            db.Runs.ExecuteUpdate(s => s.SetProperty(r => r.Status, RunStatus.Paused));
        var resumed = await _box.Run(Evaluate("--resume", "1"));
        Assert.True(resumed.Code == 0, resumed.ToString());
        Assert.Contains("Resuming run 1", resumed.Error);
        Assert.Single(_box.OpenEngine().Store.ListRuns());
    }

    [Fact]
    public async Task ACorruptFileGivesOneFailedRowPerMethodAndTheRunCompletes()
    {
        CopyThreeDemoImages();
        _box.WriteData("Nanowires/broken.png", "not an image at all"u8.ToArray());
        _box.WriteData("Nanowires/notes.txt", "skipped"u8.ToArray());
        string csv = _box.PathIn("out.csv");

        var result = await _box.Run(Evaluate("--csv", csv));

        Assert.True(result.Code == 0, result.ToString());
        var rows = Csv.Records(csv);
        Assert.Equal(8, rows.Count);
        var failed = rows.Where(r => r["status"] == "failed").ToList();
        Assert.Equal(["bicubic", "bilinear"], failed.Select(r => r["method"]));
        Assert.All(failed, r =>
        {
            Assert.Equal("Nanowires/broken.png", r["file"]);
            Assert.Contains("not a decodable image", r["error"]);
            Assert.Equal("", r["psnr"]);
            Assert.Equal("", r["ssim"]);
        });
        Assert.Equal(6, rows.Count(r => r["status"] == "ok"));
        Assert.Equal(1, _box.OpenEngine().Store.FindRun(1)!.SkippedFiles);
    }

    [Fact]
    public async Task LimitPerCategoryPicksTheSameStoredSubsetEveryTime()
    {
        string fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "loader", "grey8_nanowires.png");
        foreach (string name in new[] { "A/one.png", "A/two.png", "A/three.png", "A/deep/four.png", "B/five.png", "B/six.png", "C/seven.png" })
            _box.CopyInto(fixture, name);
        string csv1 = _box.PathIn("first.csv"), csv2 = _box.PathIn("second.csv");

        var first = await _box.Run(Evaluate("--limit-per-category", "1", "--csv", csv1));
        var second = await _box.Run(Evaluate("--limit-per-category", "1", "--csv", csv2, "--new"));

        Assert.True(first.Code == 0, first.ToString());
        Assert.True(second.Code == 0, second.ToString());
        var expected = RunPlanner.ChooseSubset(DatasetScanner.Scan(_box.Data).Images, 1).Select(i => i.RelativePath).ToList();
        Assert.Equal(["A", "B", "C"], expected.Select(p => p.Split('/')[0]));
        Assert.Equal(expected, Csv.Records(csv1).Select(r => r["file"]).Distinct());
        Assert.Equal(File.ReadAllText(csv1), File.ReadAllText(csv2));
        var runs = _box.OpenEngine().Store.ListRuns();
        Assert.All(runs, r => Assert.Equal((1, 3), (r.LimitPerCategory!.Value, r.TotalImages)));
        Assert.All(runs, r => Assert.Equal(expected, _box.OpenEngine().Store.Images(r.Id).Select(i => i.RelativePath).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task ACancelledRunIsTakenUpAgainByResumeButNotByTheSameCommand()
    {
        CopyThreeDemoImages();
        var (run, _) = _box.OpenEngine().Planner.CreateOrResume(new RunSettings(_box.Data, ["bicubic", "bilinear"], InfoBar: "none"));
        var cancel = await _box.Run("runs", "cancel", run.Id.ToString(CultureInfo.InvariantCulture), "--db", _box.Database);
        Assert.True(cancel.Code == 0, cancel.ToString());
        var cancelled = _box.OpenEngine().Store.FindRun(run.Id)!;
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.NotNull(cancelled.FinishedUtc); // when it stopped

        // The same command without --resume starts a new run, as for a finished one.
        var fresh = await _box.Run(Evaluate());
        Assert.True(fresh.Code == 0, fresh.ToString());
        Assert.Contains("Run 2: 3 images", fresh.Error);

        var queued = await _box.Run("runs", "resume", "1", "--db", _box.Database);
        Assert.True(queued.Code == 0, queued.ToString());
        Assert.Contains("Run 1: cancelled → queued", queued.Error);
        Assert.Equal("", queued.Output);
        Assert.Null(_box.OpenEngine().Store.FindRun(1)!.FinishedUtc);
        Assert.Equal(0, (await _box.Run("runs", "cancel", "1", "--db", _box.Database)).Code);

        var resumed = await _box.Run(Evaluate("--resume", "1"));
        Assert.True(resumed.Code == 0, resumed.ToString());
        Assert.Contains("Resuming run 1", resumed.Error);
        var done = _box.OpenEngine().Store.FindRun(1)!;
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(3 * 2, _box.OpenEngine().Store.Results(1).Count);
    }

    [Fact]
    public async Task RunsListPrintsTheRun()
    {
        CopyThreeDemoImages();
        Assert.Equal(0, (await _box.Run(Evaluate())).Code);

        var list = await _box.Run("runs", "list", "--db", _box.Database);

        Assert.True(list.Code == 0, list.ToString());
        var lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id\tstatus\tdone/total\tmethods\tprotocol\tinfo_bar\tprovider\tcreated_utc\tdata", lines[0]);
        var fields = lines[1].Split('\t');
        Assert.Equal(["1", "completed", "3/3", "bicubic,bilinear", "standard", "none"], fields[..6]);
        Assert.Equal(_box.Data, fields[^1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task RunsCancelAndPauseChangeTheStatusOrRefuse()
    {
        CopyThreeDemoImages();
        Assert.Equal(0, (await _box.Run(Evaluate())).Code);

        var pause = await _box.Run("runs", "pause", "1", "--db", _box.Database);
        Assert.True(pause.Code == 2, pause.ToString());
        Assert.Contains("error: run 1 is completed; cannot pause it", pause.Error);

        var missing = await _box.Run("runs", "cancel", "9", "--db", _box.Database);
        Assert.True(missing.Code == 2, missing.ToString());
        Assert.Contains("error: run 9 not found", missing.Error);

        using (var db = _box.OpenEngine().Database.CreateContext())
            db.Runs.ExecuteUpdate(s => s.SetProperty(r => r.Status, RunStatus.Paused));
        var cancel = await _box.Run("runs", "cancel", "1", "--db", _box.Database);
        Assert.True(cancel.Code == 0, cancel.ToString());
        Assert.Contains("Run 1: paused → cancelled", cancel.Error);
        Assert.Equal(RunStatus.Cancelled, _box.OpenEngine().Store.FindRun(1)!.Status);
    }
}
