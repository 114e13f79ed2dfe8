return await SemSrDashboard.Cli.CommandLine.RunAsync(args);
