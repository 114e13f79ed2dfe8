using Onnx;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Quantization;
using SemSrDashboard.Tests.Upsampling;

namespace SemSrDashboard.Tests.Models;

/// <summary>The bundled slim model quantised once per test class, calibrated on the demo images of
/// <see cref="CalibrationCategories"/> only, so that the other categories are unseen images.</summary>
public sealed class SlimInt8Fixture : IDisposable
{
    public static readonly string[] CalibrationCategories = ["Biological", "Geological_Shale", "Nanowires"];
    public static readonly string[] UnseenCategories = ["Patterned_surface", "Surface_Topography_BSE"];

    public SlimInt8Fixture()
    {
        Folder = OnnxTestModels.TempFolder();
        Card = OnnxTestModels.BundledCard("rdn-slim-x4");
        Float32 = ModelProto.Parser.ParseFrom(File.ReadAllBytes(OnnxTestModels.BundledOnnx("rdn-slim-x4")));
        var data = RepositoryPaths.CopyDemoCategories(Folder, CalibrationCategories);
        Calibration = CalibrationSet.Prepare(data, count: 16, Card.Scale, FileImageDecoder.Instance);
        Patches = [.. Calibration.Patches(Card)];
        Tensors = QdqGraphRewriter.CalibrationTensors(Float32);
        Ranges = RangeCollector.Collect(Float32, Tensors, Patches);
        (Int8, Summary) = QdqGraphRewriter.Rewrite(Float32, Ranges);
        Int8Path = Path.Combine(Folder, "rdn-slim-x4-int8.onnx");
        File.WriteAllBytes(Int8Path, Google.Protobuf.MessageExtensions.ToByteArray(Int8));
    }

    public string Folder { get; }
    public Engine.Models.ModelCard Card { get; }
    public ModelProto Float32 { get; }
    public CalibrationSet Calibration { get; }
    public IReadOnlyList<PlanarTensor> Patches { get; }
    public IReadOnlyList<string> Tensors { get; }
    public ActivationRanges Ranges { get; }
    public ModelProto Int8 { get; }
    public QdqGraphRewriter.Summary Summary { get; }
    public string Int8Path { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
