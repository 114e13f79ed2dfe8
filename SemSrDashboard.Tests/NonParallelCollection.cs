namespace SemSrDashboard.Tests;

/// <summary>Tests that measure process-wide quantities (allocated bytes, peak memory) run alone, after the
/// parallel ones, so other tests' work does not leak into their numbers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NonParallelCollection
{
    public const string Name = "Runs alone";
}
