using System.Globalization;
using SemSrDashboard.Engine.Runs;

namespace SemSrDashboard.Tests.Runs;

/// <summary>Evaluation workers run at a lower scheduling priority (a Linux nice value) than the rest of the process,
/// and so do the threads they start (ONNX Runtime's). Nice values and CPU times are read from /proc, independently
/// of the getpriority call the code uses.</summary>
[Collection(RunsCollection.Name)]
public sealed class WorkerPriorityTests
{
    [Fact]
    public async Task Tasks_run_on_the_named_threads_at_the_nice_value_and_threads_they_start_inherit_it()
    {
        var caller = ThreadStat.OfCurrentThread();
        using var workers = new WorkerThreads(2, "semsr-test", nice: 10);

        // Invoke runs the work there and waits for it; the calling thread keeps its priority.
        var (own, child) = workers.Invoke(() =>
        {
            ThreadStat started = default;
            var thread = new Thread(() => started = ThreadStat.OfCurrentThread());
            thread.Start();
            thread.Join();
            return (ThreadStat.OfCurrentThread(), started);
        });
        Assert.Equal(caller, ThreadStat.OfCurrentThread() with { CpuTicks = caller.CpuTicks });
        Assert.Equal("semsr-test", own.Name);
        Assert.Equal(10, own.Nice);
        Assert.NotEqual(own.Id, child.Id);
        Assert.Equal(10, child.Nice);
        Assert.Equal("semsr-test", child.Name); // Linux names a new thread after its creator
        var failure = Assert.Throws<InvalidOperationException>(() => workers.Invoke<int>(() => throw new InvalidOperationException("inside")));
        Assert.Equal("inside", failure.Message);

        // Tasks scheduled on it, as the run's Parallel.ForEachAsync schedules its workers.
        int?[] reported = new int?[8];
        await Parallel.ForEachAsync(Enumerable.Range(0, reported.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 2, TaskScheduler = workers },
            (i, _) => { reported[i] = WorkerThreads.CurrentThreadNice(); return ValueTask.CompletedTask; });
        Assert.All(reported, nice => Assert.Equal(10, nice));
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData("0", 0)]
    public async Task An_evaluate_run_does_its_work_on_workers_at_the_configured_nice_value(string? variable, int expected)
    {
        int parentNice = ThreadStat.OfCurrentThread().Nice; // the child starts at its parent thread's value
        expected = Math.Max(expected, parentNice);
        using var workspace = new RunWorkspace(copiesPerImage: 10);
        string db = workspace.PathOf("nice.db");
        var environment = new Dictionary<string, string>();
        if (variable is not null)
            environment[WorkerThreads.NiceVariable] = variable;
        using var child = CliProcess.Start(workspace.Root, environment,
            "evaluate", "--data", workspace.Data, "--methods", "bicubic,rdn-slim-x4", "--db", db, "--device", "cpu");

        // Two looks at the threads, once the run is under way and later: the CPU time used between them is the run's
        // steady work, without the process's start-up.
        await DatabaseProbe.WaitUntilAsync(() => DatabaseProbe.ResultCount(db) >= 20, TimeSpan.FromMinutes(2), "results");
        var before = ThreadStat.OfProcess(child.Id).ToDictionary(t => t.Id, t => t.CpuTicks);
        await DatabaseProbe.WaitUntilAsync(() => DatabaseProbe.ResultCount(db) >= 100, TimeSpan.FromMinutes(2), "results");
        var threads = ThreadStat.OfProcess(child.Id);
        int code = await child.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"exit {code}\n{child.Output}\n{child.Error}");

        // The workers, and the threads they started (ONNX Runtime's, named after them by Linux).
        var workers = threads.Where(t => t.Name == "semsr-run1").ToList();
        Assert.True(workers.Count >= RunExecutor.DefaultWorkers, $"{workers.Count} threads named semsr-run1");
        Assert.All(workers, w => Assert.Equal(expected, w.Nice));
        Assert.Equal(parentNice, threads.Single(t => t.Id == child.Id).Nice); // the main thread
        if (expected == parentNice)
            return;
        // The model's intra-op threads (one per core besides the caller's) inherit the workers' priority.
        var niced = threads.Where(t => t.Nice == expected).ToList();
        Assert.True(niced.Count >= RunExecutor.DefaultWorkers + Environment.ProcessorCount - 1,
            $"{niced.Count} threads at nice {expected}: {string.Join(", ", niced.Select(t => t.Name))}");
        // And they do the evaluation: most of the CPU time of the process's threads other than the runtime's own
        // compiler and garbage collector threads (the rest: storing results on the thread pool, progress).
        long Used(ThreadStat t) => t.CpuTicks - before.GetValueOrDefault(t.Id);
        var application = threads.Where(t => !t.Name.StartsWith(".NET Tiered", StringComparison.Ordinal) && !t.Name.Contains("GC", StringComparison.Ordinal));
        double share = (double)niced.Sum(Used) / application.Sum(Used);
        Assert.True(share > 0.75, $"threads at nice {expected} used {share:P0} of the application threads' CPU time: "
            + string.Join(", ", threads.Where(t => Used(t) > 0).Select(t => $"{t.Name}/{t.Id} nice {t.Nice}: {Used(t)}")));
    }

    /// <summary>One thread's name, nice value and CPU time (user + system, in clock ticks) from /proc.</summary>
    private readonly record struct ThreadStat(int Id, string Name, int Nice, long CpuTicks)
    {
        public static ThreadStat OfCurrentThread() => Parse(File.ReadAllText("/proc/thread-self/stat"));

        public static List<ThreadStat> OfProcess(int pid)
        {
            var threads = new List<ThreadStat>();
            foreach (string task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    threads.Add(Parse(File.ReadAllText(Path.Combine(task, "stat"))));
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
            return threads;
        }

        /// <summary>proc(5): "tid (comm) state …", with utime, stime and nice the 14th, 15th and 19th fields.</summary>
        private static ThreadStat Parse(string stat)
        {
            int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
            string[] rest = stat[(close + 2)..].Split(' ');
            long Field(int number) => long.Parse(rest[number - 3], CultureInfo.InvariantCulture);
            return new ThreadStat(int.Parse(stat[..open], CultureInfo.InvariantCulture), stat[(open + 1)..close],
                (int)Field(19), Field(14) + Field(15));
        }
    }
}
