namespace SemSrDashboard.Engine.Models;

/// <summary>A model that <see cref="Fp16ModelConverter"/> cannot convert; the message names the construct.</summary>
public sealed class Fp16ConversionException(string message) : Exception(message);
