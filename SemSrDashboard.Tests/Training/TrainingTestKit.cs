using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;

namespace SemSrDashboard.Tests.Training;

/// <summary>The training tests use the CPU heavily: they run one class at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "Training";
}

/// <summary>A temporary folder with a data root holding every demo image (nine micrographs in five categories:
/// five train, four held out at the default fraction) and plans of tiny trainings on it.</summary>
internal sealed class TrainingWorkspace : IDisposable
{
    public TrainingWorkspace()
    {
        Folder = Directory.CreateTempSubdirectory("semsr-training-").FullName;
        Data = RepositoryPaths.CopyDemoCategories(Folder,
            "Biological", "Geological_Shale", "Nanowires", "Patterned_surface", "Surface_Topography_BSE");
        Out = Path.Combine(Folder, "models");
    }

    public string Folder { get; }
    public string Data { get; }
    public string Out { get; }

    /// <summary>The bundled models only.</summary>
    public static ModelRegistry Registry { get; } = ModelRegistry.Scan([RepositoryPaths.Models]);

    /// <summary>A few steps on small patches of the slim model: seconds, not minutes.</summary>
    public FineTuneSettings Tiny(string id = "tiny", long steps = 3, string? outDir = null, int validateEvery = 0) =>
        new("rdn-slim-x4", Data, id, Steps: steps, Patch: 12, Batch: 2, LearningRate: 1e-4, OutDir: outDir ?? Out,
            ValidateEvery: validateEvery);

    public FineTunePlan Plan(FineTuneSettings settings, IImageDecoder? decoder = null) =>
        FineTunePlanner.Plan(settings, Registry, decoder ?? FileImageDecoder.Instance);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>An image decoder that counts the files it opens (the seam through which training reads images).</summary>
internal sealed class CountingDecoder : IImageDecoder
{
    private readonly Dictionary<string, int> _opens = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Opens { get { lock (_opens) return new Dictionary<string, int>(_opens); } }

    public LoadedImage Load(string path)
    {
        lock (_opens)
            _opens[path] = _opens.GetValueOrDefault(path) + 1;
        return ImageLoader.Load(path);
    }
}

/// <summary>Compares the trainable weights of two ONNX models of one architecture.</summary>
internal static class TrainedWeights
{
    /// <summary>The largest absolute difference between corresponding trainable weights.</summary>
    public static double LargestDifference(string onnxA, string onnxB)
    {
        using var first = OnnxTorchTranslator.Translate(File.ReadAllBytes(onnxA), TorchSharp.torch.CPU);
        using var second = OnnxTorchTranslator.Translate(File.ReadAllBytes(onnxB), TorchSharp.torch.CPU);
        double largest = 0;
        for (int i = 0; i < first.Trainable.Count; i++)
        {
            using var difference = (first.Trainable[i].Parameter - second.Trainable[i].Parameter).abs().max();
            largest = Math.Max(largest, difference.item<float>());
        }
        return largest;
    }
}
