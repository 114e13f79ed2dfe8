namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>The test classes that drive Chromium run one after another, alone, after the parallel tests: on two
/// cores a browser parsing and drawing pages competes with whatever runs beside it, so their timing would otherwise
/// depend on which other test happens to run at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
