using static TorchSharp.torch;

namespace SemSrDashboard.Engine.Training;

/// <summary>One ONNX node as the translated network runs it: the values it reads, the value it writes and the
/// TorchSharp computation between them.</summary>
/// <param name="Name">The ONNX node's name (for messages).</param>
/// <param name="OpType">The ONNX operator.</param>
/// <param name="Inputs">Names of the values read (graph input, earlier outputs or initializers).</param>
/// <param name="Output">Name of the value written.</param>
/// <param name="Apply">The computation, on the input tensors in <paramref name="Inputs"/> order.</param>
public sealed record TorchNode(string Name, string OpType, IReadOnlyList<string> Inputs, string Output, Func<Tensor[], Tensor> Apply);
