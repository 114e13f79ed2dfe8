namespace SemSrDashboard.Tests.Architecture;

/// <summary>The layering checks themselves, on made-up sources: each way of referring to a folder is seen, and a
/// cycle is reported — so a passing <see cref="LayeringTests"/> means the graph was really read.</summary>
public class DependencyGraphCheckTests
{
    private static EngineSource Source(string path, string text)
    {
        int slash = path.IndexOf('/');
        return new EngineSource(path, slash < 0 ? "" : path[..slash], null, EngineSource.WithoutComments(text));
    }

    private static readonly EngineSource RunsType = Source("Runs/RunThing.cs", "namespace SemSrDashboard.Engine.Runs;\npublic sealed class RunThing;");

    [Theory]
    [InlineData("using SemSrDashboard.Engine.Runs;")]
    [InlineData("global using SemSrDashboard.Engine.Runs;")]
    [InlineData("using static SemSrDashboard.Engine.Runs.RunThing;")]
    [InlineData("using Thing = SemSrDashboard.Engine.Runs.RunThing;")]
    [InlineData("class A { object x = new SemSrDashboard.Engine.Runs.RunThing(); }")]
    [InlineData("class A { object x = new Runs.RunThing(); }")]
    public void Each_form_of_reference_makes_an_edge(string code)
    {
        var from = Source("Storage/A.cs", code + "\nnamespace SemSrDashboard.Engine.Storage;");
        var edges = EngineDependencies.Find([from, RunsType]);
        Assert.Contains(edges, e => e.From == "Storage" && e.To == "Runs" && e.File == "Storage/A.cs");
    }

    [Fact]
    public void Comments_and_own_folder_make_no_edge()
    {
        var from = Source("Storage/A.cs", "// using SemSrDashboard.Engine.Runs;\n/* Runs.RunThing */\nnamespace SemSrDashboard.Engine.Storage;\n" +
            "/// <see cref=\"SemSrDashboard.Engine.Runs.RunThing\"/>\nclass A { object y = new SemSrDashboard.Engine.Storage.A(); }");
        Assert.DoesNotContain(EngineDependencies.Find([from, RunsType]), e => e.File == "Storage/A.cs");
    }

    [Fact]
    public void A_cycle_is_reported_with_its_folders()
    {
        var a = Source("Storage/A.cs", "using SemSrDashboard.Engine.Runs;\nnamespace SemSrDashboard.Engine.Storage;");
        var b = Source("Runs/B.cs", "using SemSrDashboard.Engine.Storage;\nnamespace SemSrDashboard.Engine.Runs;");
        var cycle = Assert.Single(EngineDependencies.Cycles(EngineDependencies.Find([a, b])));
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Equal(["Runs", "Storage"], cycle.Skip(1).Order(StringComparer.Ordinal));
    }
}
