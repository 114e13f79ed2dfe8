namespace SemSrDashboard.Engine.Training;

/// <summary>The base model holds an operator, attribute or layout the ONNX → TorchSharp translator does not handle;
/// the message names the node and what is missing.</summary>
public sealed class UnsupportedModelException(string message) : Exception(message);
