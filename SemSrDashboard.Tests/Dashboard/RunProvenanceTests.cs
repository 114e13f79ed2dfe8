using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The Provenance dialog's rows name how a run chose its images and show its provenance JSON flattened.</summary>
public sealed class RunProvenanceTests
{
    private static StoredRun Run() => new()
    {
        DataRoot = "/data", Methods = "bicubic,lanczos", Protocol = "standard", InfoBar = "auto", Device = "auto",
        Fingerprint = "f", Status = "completed", TotalImages = 3,
        Provenance = """{"application":"SemSrDashboard 1","last execution":{"images":3,"stages":{"decode":{"calls":3}}}}""",
    };

    private static string Row(IReadOnlyList<(string Name, string Value)> rows, string name) => rows.Single(r => r.Name == name).Value;

    [Fact]
    public void A_whole_folder_run_says_so_and_a_subset_shard_run_says_which_part()
    {
        var whole = RunProvenance.Rows(Run());
        Assert.Equal("whole folder", Row(whole, "Image subset"));
        Assert.Equal("–", Row(whole, "Shard"));
        Assert.Equal("3", Row(whole, "last execution · stages · decode · calls"));

        var part = Run() with { Subset = "A/1.png\nA/2.png\nB/3.png", ShardIndex = 1, ShardCount = 4, SelectionImages = 3 };
        var rows = RunProvenance.Rows(part);
        Assert.Equal("3 listed images", Row(rows, "Image subset"));
        Assert.Equal("1 of 4 (of 3 images in all)", Row(rows, "Shard"));
    }
}
