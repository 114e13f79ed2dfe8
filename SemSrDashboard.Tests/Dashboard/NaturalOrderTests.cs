using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Model;
using SemSrDashboard.Tests.Inspection;

namespace SemSrDashboard.Tests.Dashboard;

public sealed class NaturalOrderTests
{
    [Fact]
    public void Numbers_in_file_names_sort_by_value()
    {
        string[] names = ["c/img13.png", "c/img9.png", "c/img100.png", "c/img09b.png", "c/img1.png", "c/IMG2.png", "c/img9.png.bak", "c/a.png"];

        var sorted = names.Order(NaturalPathComparer.Instance).ToArray();

        Assert.Equal(["c/IMG2.png", "c/a.png", "c/img1.png", "c/img9.png", "c/img9.png.bak", "c/img09b.png", "c/img13.png", "c/img100.png"], sorted);
        Assert.All(names, a => Assert.All(names, b => Assert.Equal(
            Math.Sign(NaturalPathComparer.Instance.Compare(a, b)), -Math.Sign(NaturalPathComparer.Instance.Compare(b, a)))));
    }

    [Fact]
    public void The_category_table_lists_files_in_natural_order()
    {
        var images = ImageRanking.Images(InspectionUnitTests.Results(("img13.png", 20, 21, 0.7, 0.71), ("img9.png", 20, 21, 0.7, 0.71),
            ("img100.png", 20, 21, 0.7, 0.71)), "c", "m");

        Assert.Equal(["img9.png", "img13.png", "img100.png"], CategoryImageOrder.Sort(images, null, descending: false).Select(i => i.FileName));
        Assert.Equal(["img100.png", "img13.png", "img9.png"], CategoryImageOrder.Sort(images, null, descending: true).Select(i => i.FileName));
    }
}
