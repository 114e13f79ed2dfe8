using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Tests.Cli;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Reliability;

/// <summary>Hostile inputs and a full disk, through the real command line: the run ends the documented way, every
/// result it stored is complete, and nothing is lost that a second invocation cannot finish. docs/reliability.md lists
/// the cases and outcomes asserted here.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // setpriv, unshare, tmpfs and file modes
[Collection(RunsCollection.Name)]
public sealed class ReliabilityTests
{
    private static readonly string[] Methods = ["bicubic", "bilinear"];
    private const string Nobody = "65534";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Evaluate_AsAnUnprivilegedUser_OnMalformedFiles_Completes_WithOneFailedRowAndItsReasonPerBadFileAndMethod()
    {
        using var workspace = new RunWorkspace();
        var expected = MalformedDataSet.Write(workspace);
        // The service's user must be able to enter the data folder and write the database, the CSV and its home.
        var open = (UnixFileMode)0b111_111_111;
        File.SetUnixFileMode(workspace.Root, open);
        string output = Directory.CreateDirectory(workspace.PathOf("out")).FullName;
        File.SetUnixFileMode(output, open);
        string database = Path.Combine(output, "results.db"), csv = Path.Combine(output, "results.csv");
        var environment = new Dictionary<string, string> { ["HOME"] = output, ["DOTNET_CLI_HOME"] = output, ["TMPDIR"] = output };

        var (code, stdout, stderr) = await WrappedCli.RunAsync(workspace.Root, environment, Limit,
            "setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups",
            "dotnet", CliProcess.Dll, "evaluate", "--data", workspace.Data, "--methods", string.Join(',', Methods), "--db", database, "--csv", csv);

        string context = $"exit {code}\n{stdout}\n{stderr}";
        Assert.True(code == ExitCodes.Completed, context);
        Assert.Contains($"Run 1 completed", stderr);
        Assert.True(File.Exists(Path.Combine(workspace.Data, MalformedDataSet.UnreadableFile))); // it was there, just not readable

        var rows = Csv.Records(csv);
        Assert.Equal(expected.Count * Methods.Length, rows.Count); // nothing else: no rows for the link loops
        foreach (var outcome in expected)
        {
            var mine = rows.Where(r => r["file"] == outcome.RelativePath).ToList();
            Assert.True(Methods.SequenceEqual(mine.Select(r => r["method"])), $"{outcome.Case} ({outcome.RelativePath}): one row per method expected\n{context}");
            foreach (var row in mine)
            {
                string what = $"{outcome.Case} ({outcome.RelativePath}, {row["method"]}): {row["status"]} '{row["error"]}'";
                if (outcome.Ok)
                {
                    Assert.True(row["status"] == ResultStatus.Ok && row["error"] == "", what);
                    Assert.True(double.TryParse(row["psnr"], System.Globalization.CultureInfo.InvariantCulture, out double psnr) && psnr > 10, what);
                }
                else
                {
                    Assert.True(row["status"] == ResultStatus.Failed, what);
                    foreach (string word in outcome.KeyWords)
                        Assert.True(row["error"].Contains(word, StringComparison.Ordinal), $"{what} lacks '{word}'");
                    Assert.DoesNotContain("   at ", row["error"]); // a reason, not a stack trace
                    Assert.DoesNotContain("Exception", row["error"]);
                }
            }
        }

        // The database holds the same: one row per image and method, nothing half-written.
        using var db = DatabaseProbe.Context(database);
        var run = db.Runs.AsNoTracking().Single();
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(expected.Count, run.TotalImages);
        var keys = db.Results.AsNoTracking().Select(r => new { r.ImageId, r.Method }).ToList();
        Assert.Equal(expected.Count * Methods.Length, keys.Distinct().Count());
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public async Task AFileDeletedAfterTheRunIsPlanned_GetsAFailedRowPerMethod_AndTheRunCompletes()
    {
        using var workspace = new RunWorkspace();
        var engine = EngineContext.Open(workspace.PathOf("deleted.db"));
        var (run, _) = engine.Planner.CreateOrResume(new RunSettings(workspace.Data, Methods));
        string victim = engine.Store.Images(run.Id)[4].RelativePath;
        File.Delete(Path.Combine(workspace.Data, victim)); // scanned and planned, gone before it is read

        var outcome = await new RunExecutor(engine.Store, engine.Methods) { Workers = 2 }
            .ExecuteAsync(run.Id, EngineContext.NewOwnerId("test"));

        Assert.Equal(RunStatus.Completed, outcome.Status);
        var results = engine.Store.Results(run.Id);
        Assert.Equal(workspace.ImageCount * Methods.Length, results.Count);
        var failed = results.Where(r => r.Image.RelativePath == victim).Select(r => r.Result).ToList();
        Assert.Equal(Methods, failed.Select(r => r.Method));
        Assert.All(failed, r =>
        {
            Assert.Equal(ResultStatus.Failed, r.Status);
            Assert.StartsWith("cannot read file: ", r.Error);
            Assert.Contains("Could not find file", r.Error);
        });
        Assert.All(results.Where(r => r.Image.RelativePath != victim), r => Assert.Equal(ResultStatus.Ok, r.Result.Status));
    }

    [Fact]
    public async Task Evaluate_WhenTheDatabaseDiskFills_StopsWithTheReason_KeepsValidResults_AndResumesOnceThereIsSpace()
    {
        using var workspace = new RunWorkspace(copiesPerImage: 8);
        string seed = workspace.PathOf("seed.db");
        EvaluationDatabase.Open(seed);
        SqliteConnection.ClearAllPools(); // folds the WAL in: the file alone holds the empty schema
        string mount = Directory.CreateDirectory(workspace.PathOf("small-disk")).FullName;
        string saved = Directory.CreateDirectory(workspace.PathOf("saved")).FullName;
        string database = Path.Combine(mount, "results.db");
        // Room for the schema, SQLite's 32 KiB shared-memory file and a few images' results in the write-ahead log.
        long kib = new FileInfo(seed).Length / 1024 + 32 + 160;
        string[] evaluate = ["evaluate", "--data", workspace.Data, "--methods", string.Join(',', Methods), "--db", database];
        string Q(string word) => WrappedCli.Quote(word);
        string script = $"mount -t tmpfs -o size={kib}k tmpfs {Q(mount)} && cp {Q(seed)} {Q(database)} && {WrappedCli.ShellCommand(evaluate)}; " +
            $"code=$?; cp {Q(mount)}/* {Q(saved)}/ && exit $code";

        var (code, stdout, stderr) = await WrappedCli.RunAsync(workspace.Root, new Dictionary<string, string>(), Limit,
            "unshare", "-m", "sh", "-c", script);

        string context = $"tmpfs {kib} KiB, exit {code}\n{stdout}\n{stderr}";
        Assert.True(code == ExitCodes.Failed, context);
        Assert.Contains("database or disk is full", stderr);
        Assert.Contains("run the same command again to resume", stderr);
        Assert.DoesNotContain("   at ", stderr);

        // What was stored on the full disk (copied with its -wal and -shm files) is valid and complete per image.
        string copy = Path.Combine(saved, "results.db");
        Assert.Equal("ok", IntegrityCheck(copy));
        int stored;
        using (var db = DatabaseProbe.Context(copy))
        {
            var run = db.Runs.AsNoTracking().Single();
            Assert.True(run.Status == RunStatus.Running || run.Status == RunStatus.Paused && run.Error!.Contains("database or disk is full"),
                $"{run.Status} '{run.Error}'\n{context}");
            var results = db.Results.AsNoTracking().ToList();
            stored = results.Count;
            Assert.True(stored >= Methods.Length && stored < workspace.ImageCount * Methods.Length,
                $"{stored} results: the disk should fill after the first images\n{context}");
            Assert.All(results, r => Assert.True(r.Status == ResultStatus.Ok && r.Psnr is not null && r.Ssim is not null && r.SsimSkimage is not null));
            Assert.All(results.GroupBy(r => r.ImageId), image => Assert.Equal(Methods, image.Select(r => r.Method).Order()));
            var storedImages = results.Select(r => r.ImageId).ToHashSet();
            Assert.All(db.Images.AsNoTracking().AsEnumerable().Where(i => storedImages.Contains(i.Id)), i => Assert.True(i.Width > 0 && i.Height > 0));
        }

        // With space again the same command (on the copy) resumes the run and completes it without duplicates.
        string csv = workspace.PathOf("resumed.csv");
        var (code2, stdout2, stderr2) = await CliProcess.RunAsync(workspace.Root, null, Limit,
            [.. evaluate[..^1], copy, "--csv", csv]);
        Assert.True(code2 == ExitCodes.Completed, $"exit {code2}\n{stdout2}\n{stderr2}");
        Assert.Contains("Resuming run 1", stderr2);
        Assert.Equal("ok", IntegrityCheck(copy));
        using (var db = DatabaseProbe.Context(copy))
        {
            var run = db.Runs.AsNoTracking().Single();
            Assert.Equal(RunStatus.Completed, run.Status);
            Assert.Null(run.Error);
            var keys = db.Results.AsNoTracking().Select(r => new { r.ImageId, r.Method, r.Status }).ToList();
            Assert.Equal(workspace.ImageCount * Methods.Length, keys.Count);
            Assert.Equal(keys.Count, keys.Select(k => (k.ImageId, k.Method)).Distinct().Count());
            Assert.All(keys, k => Assert.Equal(ResultStatus.Ok, k.Status));
        }
        Assert.Equal(workspace.ImageCount * Methods.Length, Csv.Records(csv).Count);
    }

    [Fact]
    public async Task WhenTheFailureItselfCannotBeStored_TheExecutorReturnsTheReason_AndTheRunStaysResumable()
    {
        using var workspace = new RunWorkspace(copiesPerImage: 3);
        var engine = EngineContext.Open(workspace.PathOf("fail-path.db"));
        var (run, _) = engine.Planner.CreateOrResume(new RunSettings(workspace.Data, Methods));
        // The database refuses to record a failed run, as a full disk would refuse any write.
        using (var db = engine.Database.CreateContext())
            db.Database.ExecuteSqlRaw("""
                CREATE TRIGGER refuse_failed BEFORE UPDATE OF Status ON Runs WHEN NEW.Status = 'failed'
                BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
                """);
        string away = workspace.Data + ".away";
        bool moved = false;

        var outcome = await new RunExecutor(engine.Store, engine.Methods) { Workers = 2 }.ExecuteAsync(run.Id, EngineContext.NewOwnerId("test"), p =>
        {
            if (!moved && p.Done >= 3)
            {
                Directory.Move(workspace.Data, away); // the run must fail, and cannot say so in the database
                moved = true;
            }
        });

        Assert.True(moved);
        Assert.True(outcome.StorageFailed);
        Assert.StartsWith($"data folder disappeared during the run: {workspace.Data}; the failure could not be recorded: ", outcome.Message);
        Assert.Contains("database or disk is full", outcome.Message);
        var stored = engine.Store.FindRun(run.Id)!;
        Assert.True(RunStatus.IsResumable(stored.Status), stored.Status);
        Assert.Null(stored.LeaseOwner); // released: the next start need not wait for it

        using (var db = engine.Database.CreateContext())
            db.Database.ExecuteSqlRaw("DROP TRIGGER refuse_failed;");
        Directory.Move(away, workspace.Data);
        var resumed = await new RunExecutor(engine.Store, engine.Methods) { Workers = 2 }.ExecuteAsync(run.Id, EngineContext.NewOwnerId("test"));
        Assert.Equal(RunStatus.Completed, resumed.Status);
        var results = engine.Store.Results(run.Id);
        Assert.Equal(workspace.ImageCount * Methods.Length, results.Count);
        Assert.All(results, r => Assert.Equal(ResultStatus.Ok, r.Result.Status));
    }

    private static string IntegrityCheck(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }
}
