using System.Security.Cryptography;
using Google.Protobuf;
using Onnx;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Models.Import;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Engine.Upsampling;
using SemSrDashboard.Tests.Upsampling;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SemSrDashboard.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class OnnxTorchTranslatorTests(ITestOutputHelper output)
{
    /// <summary>Largest difference allowed between the translated network and ONNX Runtime, in grey levels.</summary>
    private const double ToleranceGrayLevels = 1e-3;

    [Theory]
    [InlineData("rdn-slim-x4")]
    [InlineData("rdn-medium-x4")]
    [InlineData("rrdn-thick-x4")]
    public void Forward_pass_with_the_base_weights_equals_onnx_runtime_on_micrographs(string id)
    {
        var card = OnnxTestModels.BundledCard(id);
        using var onnx = OnnxTestModels.OpenBundled(id, tile: 0, pad: 0);
        using var network = OnnxTorchTranslator.Translate(File.ReadAllBytes(OnnxTestModels.BundledOnnx(id)), CPU);
        var input = new GrayModelInput(card);
        double largest = 0;
        // Real low-resolution inputs: demo micrographs of two categories, degraded as the pipeline degrades them.
        foreach (string file in new[] { "Nanowires/deepsem__130nm_21_cropped.png", "Geological_Shale/gscshale__Tile_r1-c1_Chenzh-P7-run1_0024.png" })
        {
            var low = Degrader.Downscale(OnnxTestModels.DemoCrop(96, 80, file), card.Scale);
            var data = new float[card.Channels * low.Width * low.Height];
            input.Write(low.Pixels, data);
            var reference = onnx.InferRaw(new PlanarTensor(data, card.Channels, low.Height, low.Width));
            float[] translated;
            using (no_grad())
            using (var batch = tensor(data, [1, card.Channels, low.Height, low.Width]))
            using (var result = network.forward(batch))
            {
                Assert.Equal(new long[] { 1, reference.Channels, reference.Height, reference.Width }, result.shape);
                translated = result.contiguous().data<float>().ToArray();
            }
            double greyPerUnit = 255.0 / (card.OutputRange[1] - card.OutputRange[0]);
            for (int i = 0; i < translated.Length; i++)
                largest = Math.Max(largest, Math.Abs(translated[i] - reference.Data[i]) * greyPerUnit);
        }
        output.WriteLine($"{id}: largest |TorchSharp − ONNX Runtime| = {largest:E2} grey levels");
        Assert.InRange(largest, 0, ToleranceGrayLevels);
    }

    [Fact]
    public void Writing_the_untrained_weights_back_reproduces_the_model_file_byte_for_byte()
    {
        foreach (string id in BundledModels.Ids)
        {
            byte[] original = File.ReadAllBytes(OnnxTestModels.BundledOnnx(id));
            using var network = OnnxTorchTranslator.Translate(original, CPU);
            Assert.Equal(OnnxTestModels.BundledCard(id).ParameterCount, network.ParameterCount);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), ModelFiles.Sha256(network.ToOnnx()));
        }
    }

    [Fact]
    public void Changed_parameters_are_written_into_their_initializers_and_nothing_else_changes()
    {
        byte[] original = File.ReadAllBytes(OnnxTestModels.BundledOnnx("rdn-slim-x4"));
        using var network = OnnxTorchTranslator.Translate(original, CPU);
        var (name, parameter) = network.Trainable[0];
        using (no_grad())
            parameter.add_(1.0f);
        var before = ModelProto.Parser.ParseFrom(original);
        var after = ModelProto.Parser.ParseFrom(network.ToOnnx());
        Assert.Equal(before.Graph.Node, after.Graph.Node);
        foreach (var initializer in before.Graph.Initializer)
        {
            var written = after.Graph.Initializer.Single(t => t.Name == initializer.Name);
            if (initializer.Name != name)
            {
                Assert.Equal(initializer, written);
                continue;
            }
            var oldValues = OnnxValues(initializer);
            var newValues = OnnxValues(written);
            Assert.Equal(oldValues.Length, newValues.Length);
            for (int i = 0; i < oldValues.Length; i++)
                Assert.Equal(oldValues[i] + 1.0f, newValues[i]);
        }
    }

    [Fact]
    public void An_unsupported_operator_is_refused_naming_it_and_its_node()
    {
        var graph = new OnnxGraphBuilder("sigmoid");
        graph.AddInput("input", 3, "h", "w");
        graph.AddOutput("output", 3, "h", "w");
        graph.AddNode("Sigmoid", "squash", ["input"], "output");
        var e = Assert.Throws<UnsupportedModelException>(() => OnnxTorchTranslator.Translate(Serialise(graph), CPU));
        Assert.Contains("Sigmoid", e.Message);
        Assert.Contains("'squash'", e.Message);
        Assert.Contains("Conv, Relu", e.Message);
    }

    [Fact]
    public void Uneven_pads_and_both_depth_to_space_modes_match_onnx_runtime()
    {
        foreach (string mode in new[] { "DCR", "CRD" })
        {
            var graph = new OnnxGraphBuilder("pads");
            graph.AddInput("input", 3, "h", "w");
            graph.AddOutput("output", 3, "oh", "ow");
            var random = new TrainingRandom(7);
            var kernel = Enumerable.Range(0, 12 * 3 * 2 * 2).Select(_ => random.Next(2001) / 1000f - 1).ToArray();
            string w = graph.AddInitializer("w", kernel, 12, 3, 2, 2);
            string b = graph.AddInitializer("b", Enumerable.Range(0, 12).Select(i => i * 0.1f).ToArray(), 12);
            string conv = graph.AddNode("Conv", "conv", ["input", w, b], "conv",
                OnnxGraphBuilder.Ints("kernel_shape", 2, 2), OnnxGraphBuilder.Ints("pads", 0, 1, 1, 0));
            graph.AddNode("DepthToSpace", "shuffle", [conv], "output",
                OnnxGraphBuilder.Int("blocksize", 2), OnnxGraphBuilder.String("mode", mode));
            byte[] onnx = Serialise(graph);
            string path = Path.Combine(Path.GetTempPath(), $"semsr-pads-{Guid.NewGuid():N}.onnx");
            File.WriteAllBytes(path, onnx);
            try
            {
                using var session = OnnxUpsampler.Open(path, OnnxTestModels.CardFor(path, 2, 3), Devices.Cpu, 0, 0);
                var crop = OnnxTestModels.DemoCrop(9, 7);
                var data = new float[3 * 63];
                new GrayModelInput(OnnxTestModels.CardFor(path, 2, 3)).Write(crop.Pixels, data);
                var reference = session.InferRaw(new PlanarTensor(data, 3, 7, 9));
                using var network = OnnxTorchTranslator.Translate(onnx, CPU);
                using var scope = NewDisposeScope();
                var result = network.forward(tensor(data, [1, 3, 7, 9])).detach().contiguous().data<float>().ToArray();
                Assert.Equal(reference.Data.Length, result.Length);
                for (int i = 0; i < result.Length; i++)
                    Assert.Equal(reference.Data[i], result[i], 4);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    private static float[] OnnxValues(TensorProto tensor) =>
        tensor.RawData.Length > 0
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : [.. tensor.FloatData];

    private static byte[] Serialise(OnnxGraphBuilder graph)
    {
        var model = new ModelProto { IrVersion = 7, ProducerName = "tests", Graph = graph.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }
}
