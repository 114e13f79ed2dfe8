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

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SemSrDashboard.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("repository root (SemSrDashboard.sln) not found above " + AppContext.BaseDirectory);
    }
}
