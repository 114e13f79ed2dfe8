namespace SemSrDashboard.Engine.Quantization;

/// <summary>A model or a calibration folder that the int8 quantisation cannot use; the message says why.</summary>
public sealed class QuantizationException(string message) : Exception(message);
