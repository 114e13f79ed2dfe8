using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/SemSrDashboard.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(SemSrDashboard.Benchmarks.MetricBenchmarks).Assembly).Run(args);
