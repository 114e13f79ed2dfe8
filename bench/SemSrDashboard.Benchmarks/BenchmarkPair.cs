using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Benchmarks;

/// <summary>The 1024×768 pair every metric benchmark uses, built the same way by bench/skimage_metrics.py: a demo
/// micrograph enlarged to 1024×768 (INTER_CUBIC) as the reference, and its ×4 INTER_AREA → INTER_CUBIC round trip.</summary>
public static class BenchmarkPair
{
    public const string Source = "demo-data/Biological/lung__CS_Bottom_of_Insert_DC_02052021_5KV_1000_ETD-HV_5_14.png";

    public static (GrayImage Reference, GrayImage Test) Load()
    {
        string path = Path.Combine(RepositoryRoot(), Source);
        using var source = Cv2.ImRead(path, ImreadModes.Grayscale);
        using var reference = new Mat();
        Cv2.Resize(source, reference, new Size(1024, 768), 0, 0, InterpolationFlags.Cubic);
        using var low = new Mat();
        Cv2.Resize(reference, low, new Size(256, 192), 0, 0, InterpolationFlags.Area);
        using var test = new Mat();
        Cv2.Resize(low, test, new Size(1024, 768), 0, 0, InterpolationFlags.Cubic);
        return (ImageLoader.ToGrayImage(reference), ImageLoader.ToGrayImage(test));
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SemSrDashboard.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
