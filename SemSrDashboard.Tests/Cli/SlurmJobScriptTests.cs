using SemSrDashboard.Cli.Slurm;

namespace SemSrDashboard.Tests.Cli;

/// <summary>The worker job-array script asks Slurm for exactly what the options name, starts this build by absolute
/// path, and leaves the database to the environment.</summary>
public class SlurmJobScriptTests
{
    private static readonly string[] Executable = ["/usr/lib/dotnet/dotnet", "/opt/semsr app/SemSrDashboard.dll"];

    private static string[] Directives(string script) =>
        script.Split('\n').Where(l => l.StartsWith("#SBATCH ", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Defaults_ask_for_one_CPU_per_task_and_nothing_else()
    {
        string script = SlurmJobScript.Render(new SlurmJobRequest(12, 3, Executable, "/work/jobs"));

        Assert.Equal(
        [
            "#SBATCH --job-name=semsr-run-12",
            "#SBATCH --array=0-2",
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=1",
            "#SBATCH --output=/work/jobs/semsr-run-12-%A_%a.out",
        ], Directives(script));
        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.EndsWith("\nexec /usr/lib/dotnet/dotnet '/opt/semsr app/SemSrDashboard.dll' worker --run 12\n", script);
        Assert.DoesNotContain("--mem", script);
        Assert.DoesNotContain("--partition", script);
    }

    [Fact]
    public void Options_become_directives()
    {
        var job = new SlurmJobRequest(5, 8, Executable, "/scratch")
        {
            CpusPerWorker = 4, GpusPerWorker = 1, Partition = "gpu,gpu-long", Time = "1-02:30:00",
        };

        string[] directives = Directives(SlurmJobScript.Render(job));

        Assert.Contains("#SBATCH --array=0-7", directives);
        Assert.Contains("#SBATCH --cpus-per-task=4", directives);
        Assert.Contains("#SBATCH --gres=gpu:1", directives);
        Assert.Contains("#SBATCH --partition=gpu,gpu-long", directives);
        Assert.Contains("#SBATCH --time=1-02:30:00", directives);
        Assert.Equal(8, directives.Length);
        Assert.Equal("/scratch/semsr-run-5.sbatch", job.ScriptPath);
    }

    [Fact]
    public void Directives_come_before_the_first_command_as_sbatch_requires()
    {
        var lines = SlurmJobScript.Render(new SlurmJobRequest(1, 2, Executable, "/tmp")).Split('\n');
        int firstCommand = Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));
        int lastDirective = Array.FindLastIndex(lines, l => l.StartsWith("#SBATCH", StringComparison.Ordinal));

        Assert.True(lastDirective < firstCommand, string.Join('\n', lines));
    }

    [Fact]
    public void The_database_reaches_the_tasks_through_the_environment_only()
    {
        string script = SlurmJobScript.Render(new SlurmJobRequest(1, 2, Executable, "/tmp"));

        Assert.Contains("if [ -z \"${SEMSR_DB:-}\" ]; then", script);
        Assert.DoesNotContain("--db", script);
        // The only line that names a connection string is the example in a comment.
        Assert.Single(script.Split('\n'), l => l.Contains("postgresql://", StringComparison.Ordinal));
        Assert.StartsWith("#   SEMSR_DB='postgresql://", script.Split('\n').Single(l => l.Contains("postgresql://", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_tasks_start_this_build_through_the_dotnet_host_of_the_running_runtime()
    {
        // In the test process (neither dotnet nor the apphost started it) the host is found from the runtime's folder.
        var command = SelfCommand.Resolve();

        Assert.Equal(2, command.Count);
        Assert.Equal("dotnet", Path.GetFileName(command[0]));
        Assert.True(Path.IsPathRooted(command[0]) && File.Exists(command[0]), command[0]);
        Assert.Equal(typeof(SemSrDashboard.Cli.CommandLine).Assembly.Location, command[1]);
        Assert.EndsWith("SemSrDashboard.dll", command[1]);
    }

    [Theory]
    [InlineData("123\n", "123")]
    [InlineData("4567;cluster-a\n", "4567")]
    [InlineData("Submitted batch job 89\n", "89")]
    public void Job_id_is_read_from_either_form_of_sbatch_output(string output, string expected) =>
        Assert.Equal(expected, SlurmJobs.ParseJobId(output));

    [Fact]
    public void Output_without_a_job_id_is_refused() =>
        Assert.Throws<FormatException>(() => SlurmJobs.ParseJobId("sbatch: warning: something\n"));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("/a/b-c_d.dll", "/a/b-c_d.dll")]
    [InlineData("with space", "'with space'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    public void Words_are_quoted_for_bash_when_needed(string word, string expected) =>
        Assert.Equal(expected, SlurmJobScript.Quote(word));
}
