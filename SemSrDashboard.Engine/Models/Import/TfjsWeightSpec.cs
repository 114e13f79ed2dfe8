namespace SemSrDashboard.Engine.Models.Import;

/// <summary>One entry of a TensorFlow.js weights manifest.</summary>
/// <param name="Name">Weight name, e.g. <c>F_0/kernel</c>.</param>
/// <param name="Shape">Tensor shape in Keras order (kernels are HWIO).</param>
/// <param name="Dtype">Stored data type; only <c>float32</c> without quantisation is supported.</param>
public sealed record TfjsWeightSpec(string Name, int[] Shape, string Dtype)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);
}
