using System.Text.Json;
using Microsoft.Data.Sqlite;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Scanning;

namespace SemSrDashboard.Tests.Runs;

public sealed class ProcessingOrderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-order-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Categories of 16, 8, 4, 3 and 1 images (32), listed in path order as the scanner gives them.</summary>
    private static List<ScannedImage> ThirtyTwoImages() =>
        new[] { ("A", 16), ("B", 8), ("C", 4), ("D", 3), ("E", 1) }
            .SelectMany(c => Enumerable.Range(0, c.Item2).Select(i => new ScannedImage(c.Item1, $"{c.Item1}/img{i:00}.png", "")))
            .ToList();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20261202)]
    public void Every_prefix_is_a_fair_sample_of_every_category(int seed)
    {
        var images = ThirtyTwoImages();
        var sizes = images.GroupBy(i => i.Category).ToDictionary(g => g.Key, g => g.Count());

        var order = ProcessingOrder.Stratified(images, seed);

        Assert.Equal(images.Select(i => i.RelativePath).Order(), order.Select(i => i.RelativePath).Order()); // a permutation
        for (int k = 1; k <= order.Count; k++)
        {
            var done = order.Take(k).GroupBy(i => i.Category).ToDictionary(g => g.Key, g => g.Count());
            foreach (var (a, na) in sizes)
            foreach (var (b, nb) in sizes)
            {
                double gap = (double)done.GetValueOrDefault(a) / na - (double)done.GetValueOrDefault(b) / nb;
                Assert.True(gap <= 1.0 / na + 1.0 / nb + 1e-12, $"after {k} images {a} is {gap:P0} ahead of {b}");
            }
        }
        // Not the first folders first: by the time 8 of 32 images are done, every category of 4 or more has started.
        Assert.All(new[] { "A", "B", "C" }, c => Assert.Contains(order.Take(8), i => i.Category == c));
    }

    [Fact]
    public void The_same_seed_gives_the_same_order_and_another_seed_another()
    {
        var images = ThirtyTwoImages();
        var reversed = images.AsEnumerable().Reverse().ToList();

        var first = ProcessingOrder.Stratified(images, 42).Select(i => i.RelativePath).ToList();

        Assert.Equal(first, ProcessingOrder.Stratified(reversed, 42).Select(i => i.RelativePath)); // input order is irrelevant
        Assert.NotEqual(first, ProcessingOrder.Stratified(images, 43).Select(i => i.RelativePath));
        Assert.NotEqual(images.Select(i => i.RelativePath), first);
    }

    [Fact]
    public void A_new_run_stores_its_images_in_the_seeded_order_and_a_resumed_run_keeps_it()
    {
        string data = Path.Combine(_folder, "data");
        RepositoryPaths.CopyDemoCategory("Nanowires", data);
        RepositoryPaths.CopyDemoCategory("Biological", data);
        RepositoryPaths.CopyDemoCategory("Patterned_surface", data);
        var engine = EngineContext.Open(Path.Combine(_folder, "o.db"));
        var settings = new RunSettings(data, ["bicubic", "bilinear"]);

        var (run, resumed) = engine.Planner.CreateOrResume(settings);
        var stored = engine.Store.Images(run.Id).Select(i => i.RelativePath).ToList();

        Assert.False(resumed);
        string recorded = JsonDocument.Parse(run.Provenance!).RootElement.GetProperty("processing order").GetString()!;
        Assert.StartsWith("random, stratified by category, seed ", recorded);
        int seed = int.Parse(recorded.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var expected = ProcessingOrder.Stratified(DatasetScanner.Scan(data).Images, seed).Select(i => i.RelativePath);
        Assert.Equal(expected, stored);
        Assert.NotEqual(stored.Order(StringComparer.Ordinal), stored); // not path order

        var (again, resumedAgain) = engine.Planner.CreateOrResume(settings);
        Assert.True(resumedAgain);
        Assert.Equal(run.Id, again.Id);
        Assert.Equal(stored, engine.Store.Images(again.Id).Select(i => i.RelativePath));
    }
}
