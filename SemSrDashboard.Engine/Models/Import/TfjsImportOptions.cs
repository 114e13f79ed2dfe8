namespace SemSrDashboard.Engine.Models.Import;

/// <summary>
/// Card fields for an imported model. Anything left null is taken from the built-in description of a known
/// package (<see cref="KnownTfjsModels"/>), then from the npm <c>package.json</c> above the model.json, and
/// otherwise guessed (the card is then marked <c>inferred</c>).
/// </summary>
public sealed record TfjsImportOptions
{
    public string? DisplayName { get; init; }
    public string? Architecture { get; init; }
    public string? TrainingData { get; init; }
    public double[]? InputRange { get; init; }
    public double[]? OutputRange { get; init; }
    public string? SourcePackage { get; init; }
    public string? SourceVersion { get; init; }
    public string? Licence { get; init; }
    public string? Notes { get; init; }
}
