using System.Diagnostics;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Cli;

/// <summary><c>scripts/semsr</c>, the README's launcher, as a lab uses it: through a symbolic link on PATH, from a
/// folder outside the checkout, its standard output redirected to a file.</summary>
[Collection(RunsCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // bash, file modes, symbolic links
public sealed class LauncherTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private static string Launcher => Path.Combine(RepositoryPaths.Root, "scripts", "semsr");

    [Fact]
    public void The_launcher_is_committed_executable()
    {
        Assert.True(File.Exists(Launcher), Launcher);
        Assert.True(File.GetUnixFileMode(Launcher).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task Stats_redirected_to_a_file_through_a_linked_launcher_is_a_csv_with_the_header_first()
    {
        RepositoryPaths.CopyDemoCategory("Nanowires", _box.Data, 2);
        RepositoryPaths.CopyDemoCategory("Biological", _box.Data, 2);
        var evaluate = await _box.Run("evaluate", "--data", _box.Data, "--db", _box.Database, "--methods", "bicubic,lanczos");
        Assert.True(evaluate.Code == ExitCodes.Completed, evaluate.ToString());
        string bin = Directory.CreateDirectory(_box.PathIn("bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "semsr"), Launcher);

        // The first call may build (a checkout never built in Release, or edited since); the second must not.
        var first = await Shell(bin, "semsr runs list --db db/semsr.db > runs.tsv");
        Assert.True(first.Code == 0, first.ToString());
        var second = await Shell(bin, "semsr stats --db db/semsr.db > summary.csv");

        Assert.True(second.Code == 0, second.ToString());
        Assert.DoesNotContain("building", second.Error);
        var rows = Csv.Read(_box.PathIn("summary.csv"));
        Assert.Equal(ComparisonRow.Columns, rows[0]);
        Assert.Equal(3 * MetricRegistry.All.Count, rows.Count - 1); // (2 categories + ALL) × every metric (the default)
        Assert.All(rows.Skip(1), r => Assert.Equal(("lanczos", "bicubic"), (r[1], r[2])));
        Assert.StartsWith("id\tstatus", File.ReadAllText(_box.PathIn("runs.tsv")));
    }

    /// <summary>Runs <paramref name="command"/> with bash in the sandbox folder (outside the checkout) with
    /// <paramref name="bin"/> first on PATH.</summary>
    private async Task<CliResult> Shell(string bin, string command)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = _box.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(limit.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
