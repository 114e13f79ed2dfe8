using SemSrDashboard.Cli;

namespace SemSrDashboard.Tests.Storage;

public sealed class RunTransferTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-transfer-").FullName;

    [Fact]
    public async Task A_run_moved_through_a_run_file_exports_the_same_results()
    {
        string data = Path.Combine(_work, "data", "Nanowires");
        RepositoryPaths.CopyDemoCategory("Nanowires", Path.Combine(_work, "data"));
        string node = File("node.db"), lab = File("lab.db"), runFile = File("run1.semsr");
        Assert.Equal(0, await Run("evaluate", "--data", Path.GetDirectoryName(data)!, "--methods", "bicubic,bilinear", "--db", node));
        Assert.Equal(0, await Run("evaluate", "--data", Path.GetDirectoryName(data)!, "--methods", "bicubic,lanczos", "--db", lab));

        Assert.Equal(0, await Run("runs", "export", "1", "--out", runFile, "--db", node));
        Assert.Equal(2, await Run("runs", "export", "1", "--out", runFile, "--db", node)); // never overwrites
        var output = new StringWriter();
        var messages = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["runs", "import", runFile, "--db", lab], output, messages));
        Assert.Contains("as 2", messages.ToString()); // the confirmation goes to standard error; no data to print
        Assert.Equal("", output.ToString());

        Assert.Equal(0, await Run("export", "--db", node, "--run", "1", "--format", "long", "--csv", File("node.csv")));
        Assert.Equal(0, await Run("export", "--db", lab, "--run", "2", "--format", "long", "--csv", File("lab.csv")));
        var moved = System.IO.File.ReadAllLines(File("lab.csv"));
        Assert.Equal(System.IO.File.ReadAllLines(File("node.csv")), moved);
        Assert.Equal(1 + 2 * 2, moved.Length);
    }

    [Fact]
    public async Task Importing_a_missing_file_is_a_usage_error()
    {
        Assert.Equal(2, await Run("runs", "import", File("absent.semsr"), "--db", File("x.db")));
    }

    private string File(string name) => Path.Combine(_work, name);

    private static Task<int> Run(params string[] args) => CommandLine.RunAsync(args, TextWriter.Null, TextWriter.Null);

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
