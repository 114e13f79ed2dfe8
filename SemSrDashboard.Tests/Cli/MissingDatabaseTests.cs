using SemSrDashboard.Cli;

namespace SemSrDashboard.Tests.Cli;

public sealed class MissingDatabaseTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-nodb-").FullName;

    [Theory]
    [InlineData("runs", "list")]
    [InlineData("runs", "pause", "1")]
    [InlineData("runs", "cancel", "1")]
    [InlineData("runs", "resume", "1")]
    [InlineData("stats")]
    public async Task Verbs_that_read_or_control_runs_never_create_a_database(params string[] verb)
    {
        string db = Path.Combine(_work, "absent.db");
        var error = new StringWriter();

        int code = await CommandLine.RunAsync([.. verb, "--db", db], TextWriter.Null, error);

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("database not found", error.ToString());
        Assert.False(File.Exists(db));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
