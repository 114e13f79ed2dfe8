using SemSrDashboard.Engine.Scanning;

namespace SemSrDashboard.Tests.Scanning;

public sealed class DatasetScannerTests : IDisposable
{
    private readonly string _root;

    public DatasetScannerTests()
    {
        _root = Path.Combine(Path.GetTempPath(), "semsr-scan-" + Guid.NewGuid().ToString("N")[..8], "data");
        Directory.CreateDirectory(_root);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_root)!, recursive: true);

    private string Touch(string relative)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3]);
        return path;
    }

    private static string[] Paths(DatasetScan scan) => scan.Images.Select(i => i.RelativePath).ToArray();

    [Fact]
    public void NestedFoldersBelongToTheirFirstLevelCategory()
    {
        Touch("Metals/a.png");
        Touch("Metals/2024/run1/b.tif");
        Touch("Metals/2024/c.jpg");
        Touch("Polymers/deep/er/d.bmp");

        var scan = DatasetScanner.Scan(_root);

        Assert.Equal(["Metals/2024/c.jpg", "Metals/2024/run1/b.tif", "Metals/a.png", "Polymers/deep/er/d.bmp"], Paths(scan));
        Assert.Equal(["Metals", "Metals", "Metals", "Polymers"], scan.Images.Select(i => i.Category));
        Assert.All(scan.Images, i => Assert.Equal(Path.Combine(_root, i.RelativePath), i.FullPath));
        Assert.Equal(0, scan.SkippedFiles);
        Assert.Equal(_root, scan.Root);
    }

    [Fact]
    public void FilesInTheRootFormACategoryNamedAfterTheRoot()
    {
        Touch("loose.png");
        Touch("Cat/inside.png");

        var scan = DatasetScanner.Scan(_root + "/");

        Assert.Equal(["Cat/inside.png", "loose.png"], Paths(scan));
        Assert.Equal(["Cat", "data"], scan.Images.Select(i => i.Category));
    }

    [Fact]
    public void OddNamesAreKeptVerbatim()
    {
        string[] names =
        [
            "Grain boundaries/image 01.png",
            "Grain boundaries/sample #3 (50% Ni).tif",
            "Größe µm/Ångström ×1000.jpeg",
            "日本語/画像.png",
            "100%/a%20b.bmp",
            "#hash/x#y.png",
        ];
        foreach (string name in names)
            Touch(name);

        var scan = DatasetScanner.Scan(_root);

        Assert.Equal(names.Order(StringComparer.Ordinal), Paths(scan));
        Assert.Equal(
            ["#hash", "100%", "Grain boundaries", "Grain boundaries", "Größe µm", "日本語"],
            scan.Images.Select(i => i.Category));
        Assert.All(scan.Images, i => Assert.True(File.Exists(i.FullPath), i.FullPath));
    }

    [Fact]
    public void ExtensionsMatchInAnyCaseAndOtherFilesAreCountedAsSkipped()
    {
        string[] images = ["C/a.TIF", "C/b.Png", "C/c.JPG", "C/d.jpeg", "C/e.TiFf", "C/f.BMP", "C/g.png"];
        foreach (string name in images)
            Touch(name);
        foreach (string name in new[] { "C/notes.txt", "C/metadata.xml", "C/.DS_Store", "C/image.png.bak", "C/noextension", "readme.md", "C/raw.dm3" })
            Touch(name);

        var scan = DatasetScanner.Scan(_root);

        Assert.Equal(images, Paths(scan));
        Assert.Equal(7, scan.SkippedFiles);
    }

    [Fact]
    public void OrderIsOrdinalByRelativePathWithSlashSeparators()
    {
        string[] names = ["b/z.png", "B/a.png", "a/x.png", "a-b/y.png", "a b/w.png", "a/B.png", "a/sub/c.png", "a/b.png", "Z.png"];
        foreach (string name in names)
            Touch(name);

        var scan = DatasetScanner.Scan(_root);

        Assert.Equal(names.Order(StringComparer.Ordinal), Paths(scan));
        Assert.Equal(["B/a.png", "Z.png", "a b/w.png", "a-b/y.png", "a/B.png", "a/b.png", "a/sub/c.png", "a/x.png", "b/z.png"], Paths(scan));
        Assert.All(scan.Images, i => Assert.DoesNotContain('\\', i.RelativePath));
    }

    [Fact]
    public void EmptyFoldersAddNothing()
    {
        Directory.CreateDirectory(Path.Combine(_root, "Empty"));
        Directory.CreateDirectory(Path.Combine(_root, "Nested", "empty", "deeper"));
        Touch("Full/a.png");

        var scan = DatasetScanner.Scan(_root);

        Assert.Equal(["Full/a.png"], Paths(scan));
        Assert.Equal(0, scan.SkippedFiles);
    }

    [Fact]
    public void AnEmptyRootScansToNothing()
    {
        var scan = DatasetScanner.Scan(_root);
        Assert.Empty(scan.Images);
        Assert.Equal(0, scan.SkippedFiles);
    }

    [Fact]
    public void AMissingRootThrowsDirectoryNotFound()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetScanner.Scan(Path.Combine(_root, "missing")));
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void ALinkToAnAncestorTerminatesAndListsEachImageOnce()
    {
        Touch("A/a.png");
        Touch("A/sub/b.png");
        Touch("B/c.png");
        Directory.CreateSymbolicLink(Path.Combine(_root, "A", "sub", "up"), Path.Combine(_root, "A"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "A", "root"), _root);
        Directory.CreateSymbolicLink(Path.Combine(_root, "B", "relative"), "../B");
        Directory.CreateSymbolicLink(Path.Combine(_root, "B", "self"), ".");

        var scan = DatasetScanner.Scan(_root);

        Assert.Equal(["A/a.png", "A/sub/b.png", "B/c.png"], Paths(scan));
        Assert.Equal(0, scan.SkippedFiles);
    }

    [Fact]
    public void MutuallyLinkedFoldersTerminate()
    {
        Touch("A/a.png");
        Touch("B/b.png");
        Directory.CreateSymbolicLink(Path.Combine(_root, "A", "toB"), Path.Combine(_root, "B"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "B", "toA"), Path.Combine(_root, "A"));

        var scan = DatasetScanner.Scan(_root);

        // Each link is followed once, never back into a folder on the current path.
        Assert.Equal(["A/a.png", "A/toB/b.png", "B/b.png", "B/toA/a.png"], Paths(scan));
    }

    [Fact]
    public void ALinkToASiblingFolderIsFollowedIntoTheLinkingCategory()
    {
        Touch("Shared/s.png");
        Touch("Mine/m.png");
        Directory.CreateSymbolicLink(Path.Combine(_root, "Mine", "shared"), Path.Combine(_root, "Shared"));

        var scan = DatasetScanner.Scan(_root);

        Assert.Equal(["Mine/m.png", "Mine/shared/s.png", "Shared/s.png"], Paths(scan));
        Assert.Equal(["Mine", "Mine", "Shared"], scan.Images.Select(i => i.Category));
    }

    [Fact]
    public void ACategoryThatIsALinkToAFolderOutsideTheRootIsScanned()
    {
        string outside = Path.Combine(Path.GetDirectoryName(_root)!, "elsewhere");
        Directory.CreateDirectory(Path.Combine(outside, "deep"));
        File.WriteAllBytes(Path.Combine(outside, "deep", "x.tif"), [1]);
        File.WriteAllBytes(Path.Combine(outside, "notes.txt"), [1]);
        Directory.CreateSymbolicLink(Path.Combine(_root, "Linked"), outside);

        var scan = DatasetScanner.Scan(_root);

        var image = Assert.Single(scan.Images);
        Assert.Equal(("Linked", "Linked/deep/x.tif"), (image.Category, image.RelativePath));
        Assert.True(File.Exists(image.FullPath));
        Assert.Equal(1, scan.SkippedFiles);
    }

    [Fact]
    public void DanglingLinksAreIgnoredAndFileLinksAreImages()
    {
        Touch("C/real.png");
        File.CreateSymbolicLink(Path.Combine(_root, "C", "alias.png"), Path.Combine(_root, "C", "real.png"));
        File.CreateSymbolicLink(Path.Combine(_root, "C", "gone.png"), Path.Combine(_root, "C", "missing.png"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "C", "gone-folder"), Path.Combine(_root, "nowhere"));
        File.CreateSymbolicLink(Path.Combine(_root, "C", "loop1.png"), Path.Combine(_root, "C", "loop2.png"));
        File.CreateSymbolicLink(Path.Combine(_root, "C", "loop2.png"), Path.Combine(_root, "C", "loop1.png"));

        var scan = DatasetScanner.Scan(_root);

        Assert.Equal(["C/alias.png", "C/real.png"], Paths(scan));
        Assert.Equal(0, scan.SkippedFiles);
    }

    [Fact]
    public void TheRootItselfMayBeALink()
    {
        Touch("C/a.png");
        Touch("top.png");
        string link = Path.Combine(Path.GetDirectoryName(_root)!, "via-link");
        Directory.CreateSymbolicLink(link, _root);
        Directory.CreateSymbolicLink(Path.Combine(_root, "C", "back"), _root);

        var scan = DatasetScanner.Scan(link);

        Assert.Equal(["C/a.png", "top.png"], Paths(scan));
        Assert.Equal(["C", "via-link"], scan.Images.Select(i => i.Category));
    }
}
