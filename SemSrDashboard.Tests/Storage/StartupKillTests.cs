using System.Diagnostics;
using SemSrDashboard.Tests.Runs;
using Xunit.Abstractions;

namespace SemSrDashboard.Tests.Storage;

/// <summary>A fresh <c>evaluate</c> killed with SIGKILL at 40 moments spread evenly from its process start to its first
/// stored result, so that several land inside the database's creation and migration. After each kill the database
/// answers <c>runs list</c> within 10 s and the same command completes with an uninterrupted run's results.</summary>
[Collection(RunsCollection.Name)]
public sealed class StartupKillTests(ITestOutputHelper log) : IDisposable
{
    private const int Moments = 40;
    // A hang guard: the defect this guards against hung forever; a 2-core machine at load 30 needs over 10 s to start
    // a .NET process, which is slowness, not a hang.
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-startkill-").FullName;
    private readonly List<double> _answerTimes = [];

    private string[] Evaluate(string db, string csv) =>
        ["evaluate", "--data", Path.Combine(_folder, "data"), "--methods", "bicubic,lanczos", "--info-bar", "none", "--db", db, "--csv", csv];

    [Fact]
    public async Task Evaluate_KilledAt40MomentsOfItsStartUp_LeavesADatabaseThatAnswersAndCompletesTheSameRun()
    {
        RepositoryPaths.CopyDemoCategory("Patterned_surface", Path.Combine(_folder, "data"), count: 1);

        // The uninterrupted run, timed from its process start to its first stored result.
        string cleanDb = PathOf("clean.db"), cleanCsv = PathOf("clean.csv");
        var clock = Stopwatch.StartNew();
        TimeSpan firstResult, fileAppeared;
        using (var clean = CliProcess.Start(_folder, null, Evaluate(cleanDb, cleanCsv)))
        {
            // When the file appears: the creation window is only milliseconds long, so half the kills aim around it.
            while (!File.Exists(cleanDb) && !clean.HasExited && clock.Elapsed < RunLimit)
                await Task.Delay(1);
            fileAppeared = clock.Elapsed;
            await DatabaseProbe.WaitUntilAsync(() => clean.HasExited || DatabaseProbe.ResultCount(cleanDb) > 0, RunLimit, "the first result");
            firstResult = clock.Elapsed;
            int code = await clean.WaitAsync(RunLimit);
            Assert.True(code == 0, $"exit {code}\n{clean.Output}\n{clean.Error}");
        }
        string[] expected = File.ReadAllLines(cleanCsv);
        Assert.Equal(3, expected.Length); // header, bicubic, lanczos

        // Half the moments spread evenly up to the first result, half 4 ms apart from 40 ms before the file appeared.
        var moments = Enumerable.Range(0, Moments / 2).Select(i => firstResult * i / (Moments / 2))
            .Concat(Enumerable.Range(0, Moments / 2).Select(i => fileAppeared + TimeSpan.FromMilliseconds(4 * i - 40)))
            .Select(t => t < TimeSpan.Zero ? TimeSpan.Zero : t).ToList();
        // Two kill moments at a time (the machine has two cores); each on its own new database file.
        var landings = new List<string>();
        for (int i = 0; i < Moments; i += 2)
        {
            var pair = await Task.WhenAll(KillAndRecover(i, moments[i], expected), KillAndRecover(i + 1, moments[i + 1], expected));
            landings.AddRange(pair);
        }

        var summary = landings.GroupBy(l => l).Select(g => $"{g.Key}: {g.Count()}");
        log.WriteLine($"file after {fileAppeared.TotalSeconds:0.000} s, first result after {firstResult.TotalSeconds:0.00} s; kills landed: {string.Join("; ", summary)}; " +
            $"runs list answered in {_answerTimes.Min():0.0}-{_answerTimes.Max():0.0} s");
        Assert.Equal(Moments, landings.Count);
        // Some kills must have hit the database between its creation and a complete schema, the window this guards.
        Assert.Contains(landings, l => l is Landing.DuringCreation);
    }

    private static class Landing
    {
        public const string BeforeTheFile = "before the file existed";
        public const string DuringCreation = "file created, schema not yet committed";
        public const string BeforeTheRun = "schema complete, no run yet";
        public const string DuringTheRun = "run created, no result yet";
        public const string AfterAResult = "a result stored";
    }

    private async Task<string> KillAndRecover(int moment, TimeSpan delay, string[] expected)
    {
        string db = PathOf($"kill{moment:00}.db"), csv = PathOf($"kill{moment:00}.csv");
        using (var cli = CliProcess.Start(_folder, null, Evaluate(db, csv)))
        {
            await Task.Delay(delay);
            cli.KillHard();
        }
        var state = DatabaseFileState.Read(db);
        string landing = !state.Exists ? Landing.BeforeTheFile
            : !state.HasHistory ? Landing.DuringCreation
            : !state.Rows.Any(r => r.StartsWith("runs:", StringComparison.Ordinal)) ? Landing.BeforeTheRun
            : !state.Rows.Any(r => r.StartsWith("results:", StringComparison.Ordinal)) ? Landing.DuringTheRun
            : Landing.AfterAResult;
        Assert.DoesNotContain(state.Schema, s => s.Contains("__EFMigrationsLock", StringComparison.Ordinal));

        string context = $"kill {moment} after {delay.TotalSeconds:0.000} s ({landing})";
        var answer = Stopwatch.StartNew();
        (int ExitCode, string Output, string Error) list;
        try
        {
            list = await CliProcess.RunAsync(_folder, null, AnswerLimit, "runs", "list", "--db", db);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{context}: runs list did not answer within {AnswerLimit.TotalSeconds} s", e);
        }
        lock (_answerTimes)
            _answerTimes.Add(answer.Elapsed.TotalSeconds);
        if (state.Exists)
            Assert.True(list.ExitCode == 0, $"{context}: runs list exit {list.ExitCode}\n{list.Output}\n{list.Error}");
        else
            Assert.True(list.ExitCode == 2 && list.Error.Contains("database not found"), $"{context}: {list.Error}");
        Assert.True(answer.Elapsed < AnswerLimit, $"{context}: runs list took {answer.Elapsed}");

        var again = await CliProcess.RunAsync(_folder, null, RunLimit, Evaluate(db, csv));
        Assert.True(again.ExitCode == 0, $"{context}: evaluate exit {again.ExitCode}\n{again.Output}\n{again.Error}");
        Assert.Equal(expected, File.ReadAllLines(csv));
        return landing;
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a killed child may still hold a file for a moment; the folder is in the temp directory
        }
    }
}
