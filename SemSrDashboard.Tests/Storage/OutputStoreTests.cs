using SemSrDashboard.Cli;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

public sealed class OutputStoreTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-outputs-").FullName;

    [Fact]
    public async Task The_stored_output_is_exactly_the_image_whose_metrics_were_stored()
    {
        string data = CopyDemo("Nanowires");
        string db = Path.Combine(_work, "o.db");
        Assert.Equal(0, await Run("evaluate", "--data", data, "--methods", "bicubic,rdn-slim-x4", "--db", db, "--info-bar", "none"));

        var engine = EngineContext.Open(db);
        var outputs = OutputStore.For(engine.Database);
        var results = engine.Store.Results(1);
        Assert.Equal(4, results.Count);
        foreach (var (image, result) in results)
        {
            byte[]? png = outputs.Load(1, image.Id, result.Method);
            if (result.Method == "bicubic")
            {
                Assert.Null(png); // interpolations are recomputed on demand, not stored
                continue;
            }
            Assert.NotNull(png);
            var stored = ImageLoader.Decode(png).Image;
            var reference = Degrader.CropToMultiple(ImageLoader.Load(Path.Combine(data, image.RelativePath)).Image, 4);
            Assert.Equal((image.Width, image.Height), (stored.Width, stored.Height));
            Assert.Equal(result.Psnr!.Value, Psnr.Compute(reference, stored), 12);
            Assert.Equal(result.Ssim!.Value, Ssim.Compute(reference, stored), 12);
        }

        Assert.True(engine.Store.DeleteRun(1));
        Assert.False(Directory.Exists(Path.Combine(outputs.Root, "1")));
    }

    [Fact]
    public async Task Store_outputs_none_keeps_nothing()
    {
        string data = CopyDemo("Nanowires");
        string db = Path.Combine(_work, "n.db");
        Assert.Equal(0, await Run("evaluate", "--data", data, "--methods", "bicubic,rdn-slim-x4", "--db", db, "--store-outputs", "none"));
        Assert.False(Directory.Exists(OutputStore.For(EngineContext.Open(db).Database).Root));
    }

    [Fact]
    public void Best_worst_keeps_the_five_largest_and_five_smallest_improvements_of_each_category()
    {
        var store = new OutputStore(Path.Combine(_work, "bw"));
        var results = new List<(StoredImage, StoredResult)>();
        for (int id = 1; id <= 12; id++)
        {
            var image = new StoredImage { Id = id, RunId = 1, Category = "c", RelativePath = $"c/{id}.png" };
            results.Add((image, new StoredResult { ImageId = id, Method = "bicubic", Psnr = 20, Status = ResultStatus.Ok }));
            results.Add((image, new StoredResult { ImageId = id, Method = "m", Psnr = 20 + id * 0.1, Status = ResultStatus.Ok }));
            store.Save(1, id, "m", new GrayImage(8, 8));
        }

        store.KeepBestAndWorst(1, results, "bicubic");

        var kept = Enumerable.Range(1, 12).Where(id => store.Exists(1, id, "m")).ToList();
        Assert.Equal([1, 2, 3, 4, 5, 8, 9, 10, 11, 12], kept);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Method_ids_that_could_leave_the_folder_are_refused(string method)
    {
        var store = new OutputStore(Path.Combine(_work, "ids"));
        Assert.Throws<ArgumentException>(() => store.Load(1, 1, method));
    }

    [Fact]
    public async Task The_seed_protocol_runs_a_model_through_the_executor()
    {
        string data = CopyDemo("Nanowires");
        string db = Path.Combine(_work, "s.db"), csv = Path.Combine(_work, "s.csv");
        Assert.Equal(0, await Run("evaluate", "--data", data, "--methods", "bicubic,rdn-slim-x4", "--protocol", "seed", "--db", db, "--csv", csv));

        var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal("ok", r[8]));
        Assert.All(rows, r => Assert.True(double.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture) is > 10 and < 60));
        Assert.All(rows, r => Assert.Equal("", r[7])); // ssim_skimage is not part of the seed protocol
    }

    private string CopyDemo(string category)
    {
        string root = Path.Combine(_work, "data-" + Guid.NewGuid().ToString("N")[..6]);
        RepositoryPaths.CopyDemoCategory(category, root);
        return root;
    }

    private static Task<int> Run(params string[] args) => CommandLine.RunAsync(args, TextWriter.Null, TextWriter.Null);

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
