using Onnx;

namespace SemSrDashboard.Engine.Models.Import;

/// <summary>An ONNX model built from a layers-model, before it is written anywhere.</summary>
/// <param name="Model">The ONNX model (input <c>input</c> [1,C,H,W], output <c>output</c> [1,C,sH,sW]).</param>
/// <param name="Channels">Channels of input and output.</param>
/// <param name="Scale">Spatial upscaling factor s.</param>
/// <param name="ParameterCount">Number of weight values taken from the shards.</param>
public sealed record ConvertedModel(ModelProto Model, int Channels, int Scale, long ParameterCount);
