using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Models.Import;
using SemSrDashboard.Tests.Upsampling;
using Xunit.Abstractions;
using DataType = Onnx.TensorProto.Types.DataType;

namespace SemSrDashboard.Tests.Models;

/// <summary>The float16 conversion on the bundled slim model and on small hand-built graphs.</summary>
public sealed class Fp16ModelConverterTests(ITestOutputHelper log) : IDisposable
{
    // Measured on this 32×32 demo crop: 0.038 grey levels (unrounded output); the bound leaves room for other CPUs' kernels.
    private const double MaxGrayDifference = 0.25;

    private readonly string _folder = OnnxTestModels.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ModelProto ConvertedSlim() =>
        Fp16ModelConverter.Convert(ModelProto.Parser.ParseFrom(File.ReadAllBytes(OnnxTestModels.BundledOnnx("rdn-slim-x4"))));

    [Fact]
    public void Slim_model_gets_float16_weights_and_keeps_float32_input_and_output()
    {
        var graph = ConvertedSlim().Graph;

        // Resize's scales input is float32 by the ONNX definition; every other float initializer is float16.
        var scales = graph.Node.Where(n => n.OpType == "Resize").Select(n => n.Input[2]).ToHashSet();
        Assert.Contains(graph.Initializer, t => t.DataType == (int)DataType.Float16 && t.Dims.Count == 4); // conv kernels
        Assert.All(graph.Initializer.Where(t => !scales.Contains(t.Name)), t => Assert.Equal((int)DataType.Float16, t.DataType));
        Assert.All(graph.Initializer.Where(t => scales.Contains(t.Name)), t => Assert.Equal((int)DataType.Float, t.DataType));
        Assert.DoesNotContain(graph.ValueInfo, v => v.Type.TensorType.ElemType == (int)DataType.Float);

        var input = Assert.Single(graph.Input);
        var output = Assert.Single(graph.Output);
        Assert.Equal(("input", "output"), (input.Name, output.Name));
        Assert.Equal((int)DataType.Float, input.Type.TensorType.ElemType);
        Assert.Equal((int)DataType.Float, output.Type.TensorType.ElemType);
        Assert.Equal(["", "", "height", "width"], input.Type.TensorType.Shape.Dim.Select(d => d.DimParam));
        Assert.Equal(("Cast", "input", (long)DataType.Float16), (graph.Node[0].OpType, graph.Node[0].Input[0], graph.Node[0].Attribute[0].I));
        Assert.Equal(("Cast", "output", (long)DataType.Float), (graph.Node[^1].OpType, graph.Node[^1].Output[0], graph.Node[^1].Attribute[0].I));
    }

    [Fact]
    public void Slim_variant_runs_on_the_cpu_within_a_quarter_grey_level_of_the_float32_model()
    {
        string fp16Path = Path.Combine(_folder, "slim-fp16.onnx");
        File.WriteAllBytes(fp16Path, ConvertedSlim().ToByteArray());
        var crop = OnnxTestModels.DemoCrop(32, 32);
        var input = new DenseTensor<float>([1, 3, 32, 32]);
        for (int c = 0; c < 3; c++)
        for (int i = 0; i < crop.Pixels.Length; i++)
            input[0, c, i / 32, i % 32] = crop.Pixels[i]; // the slim model's range is [0, 255]

        var fp32 = Run(OnnxTestModels.BundledOnnx("rdn-slim-x4"), input);
        var fp16 = Run(fp16Path, input);

        Assert.Equal(3 * 128 * 128, fp16.Length);
        double maxDifference = fp32.Zip(fp16).Max(p => Math.Abs(p.First - p.Second));
        log.WriteLine($"max |fp16 - fp32| = {maxDifference:G4} grey levels");
        Assert.True(maxDifference < MaxGrayDifference, $"max |fp16 - fp32| = {maxDifference} grey levels");
        Assert.True(maxDifference > 0, "the variant computes exactly what the float32 model does: were the weights converted?");
        Assert.True(fp16.Max() - fp16.Min() > 20); // a real image, not a constant
    }

    [Fact]
    public void Constant_nodes_and_casts_become_float16_and_the_result_follows()
    {
        var graph = new OnnxGraphBuilder("constants");
        graph.AddInput("input", 1, "h", "w");
        graph.AddOutput("output", 1, "h", "w");
        string bias = graph.AddInitializer("bias", [0.25f], 1);
        var factor = new TensorProto { DataType = (int)DataType.Float, FloatData = { 3f } };
        graph.AddNode("Constant", "factor", [], "factor",
            new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = factor });
        graph.AddNode("Constant", "half", [], "half", new AttributeProto { Name = "value_float", Type = AttributeProto.Types.AttributeType.Float, F = 0.5f });
        graph.AddNode("Mul", "mul", ["input", "factor"], "scaled");
        graph.AddNode("Mul", "mul2", ["scaled", "half"], "halved");
        graph.AddNode("Cast", "cast", ["halved"], "cast", OnnxGraphBuilder.Int("to", (int)DataType.Float));
        graph.AddNode("Add", "add", ["cast", bias], "output");
        var converted = Fp16ModelConverter.Convert(Model(graph.Graph));

        var nodes = converted.Graph.Node;
        Assert.All(nodes.Where(n => n.OpType == "Constant"), n => Assert.Equal((int)DataType.Float16, Assert.Single(n.Attribute).T.DataType));
        Assert.Equal((long)DataType.Float16, nodes.Single(n => n.Name == "cast").Attribute[0].I);
        string path = Path.Combine(_folder, "constants.onnx");
        File.WriteAllBytes(path, converted.ToByteArray());
        var input = new DenseTensor<float>(new[] { 0.1f, 1f, 2f, 100f }, [1, 1, 2, 2]);
        var output = Run(path, input);
        Assert.Equal(input.Select(x => x * 1.5f + 0.25f), output, (a, b) => Math.Abs(a - b) <= Math.Abs(a) * 1e-3f);
    }

    [Fact]
    public void An_unsupported_operator_is_refused_by_name()
    {
        var graph = new OnnxGraphBuilder("lstm");
        graph.AddInput("input", 1, "h", "w");
        graph.AddOutput("output", 1, "h", "w");
        graph.AddInitializer("w", [1f], 1);
        graph.AddNode("Einsum", "mystery", ["input", "w"], "output", OnnxGraphBuilder.String("equation", "..."));

        var e = Assert.Throws<Fp16ConversionException>(() => Fp16ModelConverter.Convert(Model(graph.Graph)));
        Assert.Contains("operator Einsum is not supported", e.Message);
        Assert.Contains("'mystery'", e.Message);
    }

    [Fact]
    public void A_model_without_float32_weights_is_refused()
    {
        var e = Assert.Throws<Fp16ConversionException>(() => Fp16ModelConverter.Convert(ConvertedSlim()));
        Assert.Contains("nothing to convert", e.Message);
    }

    [Fact]
    public void Values_beyond_the_float16_range_are_refused()
    {
        var graph = new OnnxGraphBuilder("big");
        graph.AddInput("input", 1, "h", "w");
        graph.AddOutput("output", 1, "h", "w");
        string big = graph.AddInitializer("big", [1e6f], 1);
        graph.AddNode("Mul", "mul", ["input", big], "output");

        var e = Assert.Throws<Fp16ConversionException>(() => Fp16ModelConverter.Convert(Model(graph.Graph)));
        Assert.Contains("initializer 'big'", e.Message);
        Assert.Contains("outside the float16 range", e.Message);
    }

    private static ModelProto Model(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = TfjsModelConverter.IrVersion, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = TfjsModelConverter.OpsetVersion });
        return model;
    }

    private static float[] Run(string path, DenseTensor<float> input)
    {
        using var session = new InferenceSession(path, new SessionOptions());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        return results.Single(r => r.Name == "output").AsTensor<float>().ToArray();
    }
}
