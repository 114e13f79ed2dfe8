namespace SemSrDashboard.Engine.Quantization;

/// <summary>Scale and zero point of one quantised tensor (or of one channel of it): a real value r is stored as the
/// integer <c>q = clamp(round(r / Scale) + ZeroPoint)</c> and read back as <c>(q − ZeroPoint) · Scale</c>, as ONNX's
/// QuantizeLinear/DequantizeLinear define it.</summary>
public readonly record struct QuantizationParameters(float Scale, int ZeroPoint);
