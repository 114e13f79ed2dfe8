namespace SemSrDashboard.Engine.Models.Import;

/// <summary>One group of a TensorFlow.js weights manifest: shard files that, concatenated, hold the
/// weights of <see cref="Weights"/> back to back.</summary>
public sealed record TfjsWeightGroup(IReadOnlyList<string> Paths, IReadOnlyList<TfjsWeightSpec> Weights);
