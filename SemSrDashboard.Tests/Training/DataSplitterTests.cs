using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Training;

namespace SemSrDashboard.Tests.Training;

public sealed class DataSplitterTests
{
    private static List<ScannedImage> Images(params (string Category, int Count)[] categories) =>
        categories.SelectMany(c => Enumerable.Range(0, c.Count)
            .Select(i => new ScannedImage(c.Category, $"{c.Category}/img{i:D3}.png", $"/data/{c.Category}/img{i:D3}.png"))).ToList();

    [Theory]
    [InlineData(1, 0.25, 0)]   // a single image is never held out
    [InlineData(2, 0.25, 1)]   // round(0.5) = 1 (halves away from zero), and at least one
    [InlineData(3, 0.25, 1)]   // round(0.75) = 1
    [InlineData(4, 0.25, 1)]
    [InlineData(6, 0.25, 2)]   // round(1.5) = 2
    [InlineData(10, 0.25, 3)]  // round(2.5) = 3
    [InlineData(30, 0.25, 8)]  // round(7.5) = 8
    [InlineData(4, 0.01, 1)]   // at least one when there are two or more
    [InlineData(4, 0.99, 3)]   // and at most n − 1
    public void Held_out_count_is_round_n_f_with_at_least_one_and_one_left(int n, double f, int expected) =>
        Assert.Equal(expected, DataSplitter.HeldOutCount(n, f));

    [Fact]
    public void Split_is_stratified_disjoint_complete_and_sorted()
    {
        var images = Images(("A", 16), ("B", 30), ("C", 1), ("D", 9));
        var split = DataSplitter.Split(images, 0.25, seed: 1);
        Assert.Empty(split.TrainPaths.Intersect(split.HeldOutPaths));
        Assert.Equal(images.Select(i => i.RelativePath).Order(StringComparer.Ordinal), split.TrainPaths.Concat(split.HeldOutPaths).Order(StringComparer.Ordinal));
        Assert.Equal(split.TrainPaths.Order(StringComparer.Ordinal), split.TrainPaths);
        Assert.Equal(split.HeldOutPaths.Order(StringComparer.Ordinal), split.HeldOutPaths);
        var heldOutPerCategory = split.HeldOut.GroupBy(i => i.Category).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, heldOutPerCategory["A"]);
        Assert.Equal(8, heldOutPerCategory["B"]);
        Assert.False(heldOutPerCategory.ContainsKey("C"));
        Assert.Equal(2, heldOutPerCategory["D"]);
    }

    [Fact]
    public void The_seed_chooses_the_images_and_other_categories_do_not_change_a_category_s_choice()
    {
        var images = Images(("A", 20), ("B", 12));
        var first = DataSplitter.Split(images, 0.25, seed: 1);
        Assert.Equal(first.HeldOutPaths, DataSplitter.Split(images, 0.25, seed: 1).HeldOutPaths);
        Assert.NotEqual(first.HeldOutPaths, DataSplitter.Split(images, 0.25, seed: 2).HeldOutPaths);

        var withoutB = DataSplitter.Split(images.Where(i => i.Category == "A").Reverse().ToList(), 0.25, seed: 1);
        Assert.Equal(first.HeldOutPaths.Where(p => p.StartsWith("A/", StringComparison.Ordinal)), withoutB.HeldOutPaths);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_fraction_outside_zero_to_one_is_refused(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplitter.Split(Images(("A", 4)), fraction, 1));
}
