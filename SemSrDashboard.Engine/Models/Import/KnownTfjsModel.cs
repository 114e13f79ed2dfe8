namespace SemSrDashboard.Engine.Models.Import;

/// <summary>Verified card fields of a layers-model package the converter knows.</summary>
public sealed record KnownTfjsModel(
    string PackageName,
    string DisplayName,
    string Architecture,
    string TrainingData,
    double[] InputRange,
    double[] OutputRange,
    string Notes);
