using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Models.Import;

// Maintenance commands for the bundled models:
//   import-tfjs <model.json> --id ID [--out models/]
//   range-check <model.onnx> <sample-input.png> <sample-output.png>
//   bench <model.onnx> [--width 256 --height 192 --runs 3 --threads 2]
return args.FirstOrDefault() switch
{
    "import-tfjs" => ImportTfjs(args[1..]),
    "range-check" => RangeCheck(args[1..]),
    "bench" => Bench(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ModelTool import-tfjs <model.json> --id ID [--out DIR]");
    Console.Error.WriteLine("       ModelTool range-check <model.onnx> <sample-input.png> <sample-output.png>");
    Console.Error.WriteLine("       ModelTool bench <model.onnx> [--width 256] [--height 192] [--runs 3] [--threads 2]");
    return 2;
}

static string? Option(string[] a, string name) =>
    Array.IndexOf(a, name) is var i and >= 0 && i + 1 < a.Length ? a[i + 1] : null;

static int ImportTfjs(string[] a)
{
    if (a.Length < 1 || Option(a, "--id") is not { } id)
        return Usage();
    try
    {
        var card = TfjsModelConverter.Convert(a[0], id, Option(a, "--out") ?? "models");
        Console.WriteLine($"{card.Id}: {card.ParameterCount} parameters, x{card.Scale}, sha256 {card.Sha256}");
        return 0;
    }
    catch (TfjsImportException ex)
    {
        Console.Error.WriteLine($"error: {ex.Message}");
        return 1;
    }
}

static InferenceSession Open(string path, int threads)
{
    var options = new SessionOptions
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };
    return new InferenceSession(path, options);
}

static float[] Run(InferenceSession session, DenseTensor<float> input, out int[] shape)
{
    using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
    var output = results.First().AsTensor<float>();
    shape = output.Dimensions.ToArray();
    return output.ToArray();
}

// Runs the model on the package's sample input with both candidate ranges and compares with its sample output.
static int RangeCheck(string[] a)
{
    if (a.Length < 3)
        return Usage();
    using var session = Open(a[0], Environment.ProcessorCount);
    using var lr = Cv2.ImRead(a[1], ImreadModes.Color);     // BGR, alpha dropped
    using var expected = Cv2.ImRead(a[2], ImreadModes.Color);
    foreach (var (lo, hi) in new[] { (0.0, 1.0), (0.0, 255.0) })
    {
        int rows = lr.Rows, cols = lr.Cols;
        var input = new DenseTensor<float>([1, 3, rows, cols]);
        for (var y = 0; y < rows; y++)
        for (var x = 0; x < cols; x++)
        {
            var bgr = lr.At<Vec3b>(y, x);
            for (var c = 0; c < 3; c++)
                input[0, c, y, x] = (float)(lo + bgr[2 - c] / 255.0 * (hi - lo));
        }
        var output = Run(session, input, out var shape);
        int h = shape[2], w = shape[3];
        if (h != expected.Rows || w != expected.Cols)
            throw new InvalidOperationException($"output {w}x{h} but sample is {expected.Cols}x{expected.Rows}");
        double se = 0, mean = 0;
        for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++)
        {
            var bgr = expected.At<Vec3b>(y, x);
            for (var c = 0; c < 3; c++)
            {
                var v = output[(c * h + y) * w + x];
                var grey = Math.Clamp((v - lo) / (hi - lo), 0, 1) * 255.0; // output read in the same range, clipped
                mean += v;
                var d = Math.Round(grey) - bgr[2 - c];
                se += d * d;
            }
        }
        var n = 3.0 * h * w;
        var psnr = 10 * Math.Log10(255.0 * 255.0 / (se / n));
        Console.WriteLine($"input range [{lo}, {hi}] (output read as [{lo}, {hi}]): mean raw output {mean / n:F4}, " +
                          $"PSNR vs sample {psnr:F2} dB");
    }
    return 0;
}

static int Bench(string[] a)
{
    if (a.Length < 1)
        return Usage();
    var width = int.Parse(Option(a, "--width") ?? "256");
    var height = int.Parse(Option(a, "--height") ?? "192");
    var runs = int.Parse(Option(a, "--runs") ?? "3");
    var threads = int.Parse(Option(a, "--threads") ?? "2");
    using var session = Open(a[0], threads);
    var input = new DenseTensor<float>([1, 3, height, width]);
    var rng = new Random(1);
    for (var i = 0; i < input.Length; i++)
        input.SetValue(i, (float)rng.NextDouble());
    Run(session, input, out var shape); // warm-up (allocations, kernel selection)
    var process = Process.GetCurrentProcess();
    var cpu0 = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    for (var r = 0; r < runs; r++)
        Run(session, input, out shape);
    wall.Stop();
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds / runs;
    Console.WriteLine($"{Path.GetFileName(a[0])}: {width}x{height} -> {shape[3]}x{shape[2]}, {threads} intra-op threads, " +
                      $"{runs} runs: {cpu:F2} CPU s/image, {wall.Elapsed.TotalSeconds / runs:F2} wall s/image");
    return 0;
}
