using SemSrDashboard.Cli;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Models.Import;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Tests.Reliability;
using SemSrDashboard.Tests.Runs;
using SemSrDashboard.Tests.Training;
using SemSrDashboard.Tests.Upsampling;

namespace SemSrDashboard.Tests.Cli;

[Collection(TrainingCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // unshare and tmpfs
public sealed class ModelsFinetuneVerbTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private readonly TrainingWorkspace _workspace = new();

    private string[] Tiny(string id, params string[] extra) =>
        ["models", "finetune", "--base", "rdn-slim-x4", "--data", _workspace.Data, "--id", id, "--steps", "3", "--patch", "12",
         "--batch", "2", "--out", _workspace.Out, .. extra];

    private static async Task<CliResult> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CommandLine.RunAsync(args, TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        return new CliResult(code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--held-out must lie inside (0, 1), got 0", "--held-out", "0")]
    [InlineData("--held-out must lie inside (0, 1), got 1", "--held-out", "1")]
    [InlineData("--held-out must lie inside (0, 1), got 1.5", "--held-out", "1.5")]
    [InlineData("give either --steps or --minutes, not both", "--minutes", "2")]
    [InlineData("--patch must be at least 4", "--patch", "2")]
    [InlineData("--lr must be a positive number", "--lr", "0")]
    public async Task Bad_numbers_are_refused_with_exit_2_before_anything_is_written(string reason, string option, string value)
    {
        var args = Tiny("bad").ToList();
        int at = args.IndexOf(option);
        if (at >= 0)
            args[at + 1] = value;
        else
            args.AddRange([option, value]);
        var result = await Run([.. args]);
        Assert.True(result.Code == ExitCodes.BadArguments, result.ToString());
        Assert.Contains(reason, result.Error);
        Assert.False(Directory.Exists(_workspace.Out));
    }

    [Theory]
    [InlineData("rdn-medium-x4", "is a bundled model")]
    [InlineData("rrdn-thick-x4", "is a bundled model")]
    [InlineData("bicubic", "is the name of an interpolation")]
    [InlineData("Bad Id", "must be lower-case letters")]
    public async Task Reserved_ids_are_refused_even_with_force(string id, string reason)
    {
        var result = await Run(Tiny(id, "--force"));
        Assert.True(result.Code == ExitCodes.BadArguments, result.ToString());
        Assert.Contains(reason, result.Error);
    }

    [Fact]
    public async Task An_existing_model_is_replaced_only_with_force_and_the_bundled_folder_never_receives_one()
    {
        Directory.CreateDirectory(_workspace.Out);
        File.WriteAllText(Path.Combine(_workspace.Out, "mine.card.json"), "{}");
        var refused = await Run(Tiny("mine"));
        Assert.True(refused.Code == ExitCodes.BadArguments, refused.ToString());
        Assert.Contains("already exists", refused.Error);
        Assert.Contains("--force", refused.Error);

        var bundled = await Run([.. Tiny("elsewhere")[..^2], "--out", RepositoryPaths.Models]);
        Assert.True(bundled.Code == ExitCodes.BadArguments, bundled.ToString());
        Assert.Contains("bundled models folder", bundled.Error);

        var forced = await Run(Tiny("mine", "--force"));
        Assert.True(forced.Code == ExitCodes.Completed, forced.ToString());
        Assert.Equal("mine", ModelCard.Load(Path.Combine(_workspace.Out, "mine.card.json")).Id);
        Assert.Equal(BundledModels.Ids.Order(), Directory.GetFiles(RepositoryPaths.Models, "*.onnx").Select(Path.GetFileNameWithoutExtension).Order());
    }

    [Fact]
    public async Task Too_few_images_or_none_that_holds_a_patch_are_refused_with_the_reason()
    {
        var small = Path.Combine(_workspace.Folder, "small");
        RepositoryPaths.CopyDemoCategory("Biological", small);
        RepositoryPaths.CopyDemoCategory("Nanowires", small);
        var args = Tiny("few");
        args[Array.IndexOf(args, "--data") + 1] = small;
        var few = await Run(args);
        Assert.True(few.Code == ExitCodes.BadArguments, few.ToString());
        Assert.Contains("too few images: 4 found", few.Error);
        Assert.Contains("2 left for training", few.Error);

        // The demo crops are 256 pixels wide: 64 after shrinking ×4, so no 80-pixel patch fits.
        var largeArgs = Tiny("large");
        largeArgs[Array.IndexOf(largeArgs, "--patch") + 1] = "80";
        var large = await Run(largeArgs);
        Assert.True(large.Code == ExitCodes.BadArguments, large.ToString());
        Assert.Contains("too few usable training images: 0 of 5 hold a 80×80 patch", large.Error);
        Assert.Contains("no 80×80 patch fits", large.Error);
        Assert.False(Directory.Exists(_workspace.Out));
    }

    [Fact]
    public async Task A_base_model_with_an_operator_the_translator_lacks_is_refused_naming_it()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_workspace.Folder, "extra")).FullName;
        string onnx = OnnxTestModels.WriteGainModel(Path.Combine(folder, "gain-x4.onnx"), [1, 1, 1], 4);
        var graph = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx));
        graph.Graph.Node[0].OpType = "Sub"; // same inputs, an operator outside the translator's list
        File.WriteAllBytes(onnx, Google.Protobuf.MessageExtensions.ToByteArray(graph));
        OnnxTestModels.CardFor(onnx, 4, 3).Save(Path.Combine(folder, "gain-x4.card.json"));

        var args = Tiny("gained");
        args[Array.IndexOf(args, "--base") + 1] = "gain-x4";
        var (code, _, error) = await CliProcess.RunAsync(_workspace.Folder,
            new Dictionary<string, string> { [ModelRegistry.EnvironmentVariable] = folder }, Limit, args);
        Assert.True(code == ExitCodes.BadArguments, error);
        Assert.Contains("base model 'gain-x4' cannot be trained here: operator Sub (node 'mul') is not supported", error);
    }

    [Fact]
    public async Task Without_out_the_model_goes_to_the_user_model_folder_which_models_list_offers()
    {
        string dataHome = Path.Combine(_workspace.Folder, "xdg");
        var environment = new Dictionary<string, string> { ["XDG_DATA_HOME"] = dataHome };
        var args = Tiny("home")[..^2];
        var (code, stdout, stderr) = await CliProcess.RunAsync(_workspace.Folder, environment, Limit, args);
        Assert.True(code == ExitCodes.Completed, stdout + stderr);
        string folder = Path.Combine(dataHome, "SemSrDashboard", "models");
        Assert.True(File.Exists(Path.Combine(folder, "home.onnx")), stderr);
        // Piped standard output stays empty: the verb prints progress and confirmations, all on standard error.
        Assert.Equal("", stdout);
        Assert.Contains("Fine-tuning rdn-slim-x4 into home", stderr);
        Assert.Contains("Held-out images: " + Path.Combine(folder, "home.held-out.txt"), stderr);

        var (listCode, list, _) = await CliProcess.RunAsync(_workspace.Folder, environment, Limit, "models", "list");
        Assert.Equal(0, listCode);
        Assert.Contains(folder, list);
        Assert.Contains("\nhome\t4\t233451\tno\t", list);
        // The last column names the lineage of a fine-tuned model, "-" for the bundled ones.
        Assert.Contains("\trdn-slim-x4 → home\n", list);
        Assert.Matches(@"\nrdn-slim-x4\t[^\n]*\t-\n", list);
    }

    [Fact]
    public async Task Killed_with_sigkill_it_resumes_from_the_last_checkpoint_to_the_weights_of_an_uninterrupted_run()
    {
        // Enough steps that the process is still training well after step 3 on a fast machine, where
        // 30 steps took under a second and ended before the test saw step 3 on the piped standard error.
        const int Steps = 200;
        string[] args = [.. Tiny("killed"), "--checkpoint-minutes", "0"];
        args[Array.IndexOf(args, "--steps") + 1] = Steps.ToString();
        string checkpoint = Path.Combine(_workspace.Out, "killed.checkpoint");
        using (var first = CliProcess.Start(_workspace.Folder, null, args))
        {
            var deadline = DateTime.UtcNow + Limit;
            while (!first.Error.Contains($"step 3/{Steps}") && !first.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            Assert.False(first.HasExited, first.Output + first.Error);
            first.KillHard();
        }
        Assert.True(File.Exists(checkpoint));
        Assert.Empty(Directory.GetFiles(_workspace.Out, "*.onnx"));

        var (code, stdout, stderr) = await CliProcess.RunAsync(_workspace.Folder, null, Limit, args);
        Assert.True(code == ExitCodes.Completed, stdout + stderr);
        var resumedAt = System.Text.RegularExpressions.Regex.Match(stderr, @"Resumed from the checkpoint at step (\d+)");
        Assert.True(resumedAt.Success, stderr);
        Assert.Equal("", stdout);
        Assert.InRange(int.Parse(resumedAt.Groups[1].Value), 3, Steps - 1);
        Assert.False(File.Exists(checkpoint));

        var uninterrupted = new FineTuneJob(_workspace.Plan(_workspace.Tiny("whole", steps: Steps, outDir: Path.Combine(_workspace.Folder, "whole")))).Run();
        Assert.Equal(uninterrupted.Card!.Sha256, ModelCard.Load(Path.Combine(_workspace.Out, "killed.card.json")).Sha256);
    }

    [Fact]
    public async Task When_the_disk_fills_while_writing_the_model_no_model_is_left_and_the_reason_is_given()
    {
        string mount = Directory.CreateDirectory(Path.Combine(_workspace.Folder, "small-disk")).FullName;
        var args = Tiny("full");
        args[Array.IndexOf(args, "--out") + 1] = mount;
        string Q(string word) => WrappedCli.Quote(word);
        // 600 KiB: room for the file lists, not for the 0.94 MB network.
        string script = $"mount -t tmpfs -o size=600k tmpfs {Q(mount)} && {WrappedCli.ShellCommand(args)}; " +
                        $"code=$?; ls -A {Q(mount)}; exit $code";
        var (code, stdout, stderr) = await WrappedCli.RunAsync(_workspace.Folder, new Dictionary<string, string>(), Limit,
            "unshare", "-m", "sh", "-c", script);
        Assert.True(code == ExitCodes.Failed, stdout + stderr);
        Assert.Contains("the model could not be written", stderr);
        Assert.Contains("No space left on device", stderr);
        Assert.DoesNotContain("   at ", stderr);
        // The listing of the full disk after the attempt: the split lists, no model, card or temporary file.
        Assert.Contains("full.held-out.txt", stdout);
        Assert.DoesNotContain(".onnx", stdout);
        Assert.DoesNotContain(".card.json", stdout);
        Assert.DoesNotContain(".tmp", stdout);
    }

    public void Dispose() => _workspace.Dispose();
}
