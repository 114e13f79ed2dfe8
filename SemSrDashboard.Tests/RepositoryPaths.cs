namespace SemSrDashboard.Tests;

/// <summary>Folders of the checkout the tests run from: found by walking up from the test binaries to the folder
/// holding SemSrDashboard.sln.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The bundled demo images.</summary>
    public static string DemoData => Path.Combine(Root, "demo-data");

    /// <summary>The bundled ONNX models and their cards.</summary>
    public static string Models => Path.Combine(Root, "models");

    /// <summary>Copies the first <paramref name="count"/> demo images (ordinal order) of <paramref name="category"/>
    /// into <paramref name="dataRoot"/>/<paramref name="category"/>.</summary>
    public static void CopyDemoCategory(string category, string dataRoot, int count = int.MaxValue)
    {
        string target = Directory.CreateDirectory(Path.Combine(dataRoot, category)).FullName;
        foreach (string file in Directory.GetFiles(Path.Combine(DemoData, category)).Order(StringComparer.Ordinal).Take(count))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }

    /// <summary>A data root <paramref name="parent"/>/data holding the demo images of the given categories.</summary>
    public static string CopyDemoCategories(string parent, params string[] categories)
    {
        string root = Path.Combine(parent, "data");
        foreach (string category in categories)
            CopyDemoCategory(category, root);
        return root;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SemSrDashboard.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("repository root (SemSrDashboard.sln) not found above " + AppContext.BaseDirectory);
    }
}
