namespace SemSrDashboard.Engine.Metrics;

/// <summary>Band sums of the original's and the output's detail (spatial sums over all pixels, 0–255 scale squared).</summary>
/// <param name="Cross">Σ HX·HY.</param>
/// <param name="OriginalEnergy">Σ HX².</param>
/// <param name="OutputEnergy">Σ HY².</param>
public readonly record struct DetailBandSums(double Cross, double OriginalEnergy, double OutputEnergy)
{
    /// <summary>Σ HX·HY / √(Σ HX² · Σ HY²); <c>nan</c> when either energy is 0.</summary>
    public double Correlation => OriginalEnergy == 0 || OutputEnergy == 0
        ? double.NaN
        : Cross / Math.Sqrt(OriginalEnergy * OutputEnergy);

    /// <summary>Σ HY² / Σ HX²; <c>nan</c> only when Σ HX² = 0.</summary>
    public double Ratio => OriginalEnergy == 0 ? double.NaN : OutputEnergy / OriginalEnergy;
}
