using System.Buffers.Binary;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SemSrDashboard.Tests.Models;

/// <summary>Paths and helpers shared by the model tests.</summary>
internal static class ModelTestFiles
{
    /// <summary>Fixtures copied to the test output (Fixtures/models).</summary>
    public static string Fixtures { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "models");

    /// <summary>The repository's <c>models/</c> folder (found by walking up to SemSrDashboard.sln).</summary>
    public static string BundledModels => RepositoryPaths.Models;

    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        return values;
    }

    /// <summary>Runs a converted model on a CPU session. <paramref name="nhwc"/> is [H, W, C] channels-last, as
    /// TensorFlow.js takes it; the result is returned channels-last too, with its height and width.</summary>
    public static (float[] Nhwc, int Height, int Width) RunNhwc(string onnxPath, float[] nhwc, int height, int width, int channels)
    {
        using var session = new InferenceSession(onnxPath, new SessionOptions());
        var input = new DenseTensor<float>([1, channels, height, width]);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        for (var c = 0; c < channels; c++)
            input[0, c, y, x] = nhwc[(y * width + x) * channels + c];
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        var output = results.Single(r => r.Name == "output").AsTensor<float>();
        int oh = output.Dimensions[2], ow = output.Dimensions[3];
        var result = new float[oh * ow * channels];
        for (var y = 0; y < oh; y++)
        for (var x = 0; x < ow; x++)
        for (var c = 0; c < channels; c++)
            result[(y * ow + x) * channels + c] = output[0, c, y, x];
        return (result, oh, ow);
    }
}
