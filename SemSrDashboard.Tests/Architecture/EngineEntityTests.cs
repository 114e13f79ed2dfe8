namespace SemSrDashboard.Tests.Architecture;

/// <summary>Only the Engine's <c>Storage/</c> folder knows the database's entity classes: the pipeline's stages take
/// and return plain records (<c>StoredImage</c>, <c>MethodScore</c>, <c>ImageEvaluation</c>) and the store maps them
/// to its rows, so a change of the schema stays inside one folder (docs/architecture.md).</summary>
public class EngineEntityTests
{
    [Fact]
    public void No_engine_file_outside_Storage_names_an_entity()
    {
        var entities = WebEntityTests.EntityTypes();
        var sources = EngineSource.LoadAll();
        Assert.Contains(sources, s => s.RelativePath == "Evaluation/ImageEvaluator.cs"); // the scan sees the stages
        var naming = sources.Where(s => s.Folder != "Storage" && entities.Any(e => WebEntityTests.Names(s.Text, e)))
            .Select(s => s.RelativePath).ToList();
        Assert.True(naming is [], "Engine files outside Storage/ naming an EF entity (use the store's plain records):\n"
            + string.Join('\n', naming));
    }
}
