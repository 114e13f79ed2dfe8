using Google.Protobuf;
using Onnx;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Models.Import;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Upsampling;

/// <summary>Small ONNX models written on the fly, real image crops and model files for the inference tests.</summary>
internal static class OnnxTestModels
{
    public static string BundledFolder => RepositoryPaths.Models;

    public static string BundledOnnx(string id) => Path.Combine(BundledFolder, id + ".onnx");

    public static ModelCard BundledCard(string id) => ModelCard.Load(Path.Combine(BundledFolder, ModelCard.FileNameFor(id)));

    /// <summary>Opens a bundled model on the CPU.</summary>
    public static OnnxUpsampler OpenBundled(string id, int tile, int pad) =>
        OnnxUpsampler.Open(BundledOnnx(id), BundledCard(id), Devices.Cpu, tile, pad);

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> crop from the middle of a demo SEM image.</summary>
    public static GrayImage DemoCrop(int width, int height, string file = "Nanowires/deepsem__130nm_21_cropped.png")
    {
        var image = ImageLoader.Load(Path.Combine(RepositoryPaths.DemoData, file)).Image;
        Assert.True(image.Width >= width && image.Height >= height, $"{file} is only {image.Width}×{image.Height}");
        int left = (image.Width - width) / 2, top = (image.Height - height) / 2;
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
            Array.Copy(image.Pixels, (top + y) * image.Width + left, pixels, y * width, width);
        return new GrayImage(width, height, pixels);
    }

    /// <summary>A fresh empty folder under the temp directory.</summary>
    public static string TempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "semsr-onnx-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes a network that multiplies channel c by <paramref name="gains"/>[c], adds
    /// <paramref name="offset"/> and enlarges ×<paramref name="scale"/> (nearest neighbour).</summary>
    public static string WriteGainModel(string path, float[] gains, int scale, float offset = 0)
    {
        int channels = gains.Length;
        var graph = new OnnxGraphBuilder("gain");
        graph.AddInput("input", channels, "h", "w");
        graph.AddOutput("output", channels, "oh", "ow");
        string gain = graph.AddInitializer("gain", gains, 1, channels, 1, 1);
        string bias = graph.AddInitializer("bias", [offset], 1);
        string roi = graph.AddInitializer("roi", ReadOnlySpan<float>.Empty, 0);
        string scales = graph.AddInitializer("scales", [1, 1, scale, scale], 4);
        string multiplied = graph.AddNode("Mul", "mul", ["input", gain], "multiplied");
        string shifted = graph.AddNode("Add", "add", [multiplied, bias], "shifted");
        graph.AddNode("Resize", "resize", [shifted, roi, scales], "output",
            OnnxGraphBuilder.String("mode", "nearest"),
            OnnxGraphBuilder.String("coordinate_transformation_mode", "asymmetric"),
            OnnxGraphBuilder.String("nearest_mode", "floor"));
        return Save(graph, path);
    }

    /// <summary>Writes a network with two image inputs (their sum is the output).</summary>
    public static string WriteTwoInputModel(string path)
    {
        var graph = new OnnxGraphBuilder("two-inputs");
        graph.AddInput("a", 3, "h", "w");
        graph.AddInput("b", 3, "h", "w");
        graph.AddOutput("output", 3, "h", "w");
        graph.AddNode("Add", "add", ["a", "b"], "output");
        return Save(graph, path);
    }

    /// <summary>Writes an identity network on <paramref name="channels"/> channels.</summary>
    public static string WriteIdentityModel(string path, int channels)
    {
        var graph = new OnnxGraphBuilder("identity");
        graph.AddInput("input", channels, "h", "w");
        graph.AddOutput("output", channels, "h", "w");
        graph.AddNode("Identity", "identity", ["input"], "output");
        return Save(graph, path);
    }

    /// <summary>A card for a test network (ranges [0, 1] unless given) with the file's sha256.</summary>
    public static ModelCard CardFor(string onnxPath, int scale, int channels, double[]? inputRange = null, double[]? outputRange = null) =>
        new(Path.GetFileNameWithoutExtension(onnxPath), "test network", "test", scale, channels, inputRange ?? [0, 1],
            outputRange ?? [0, 1], "none", 0, "none", "0", "n/a", ModelRegistry.Sha256Of(onnxPath), "test", false);

    private static string Save(OnnxGraphBuilder graph, string path)
    {
        var model = new ModelProto { IrVersion = 7, ProducerName = "tests", Graph = graph.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }
}
