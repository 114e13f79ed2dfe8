namespace SemSrDashboard.Engine.Inspection;

/// <summary>A two-colour legend drawn under a figure's panels: a bar from <paramref name="LowColour"/> to
/// <paramref name="HighColour"/> between the texts <paramref name="Low"/> and <paramref name="High"/>, then a note.</summary>
public sealed record FigureLegend((byte R, byte G, byte B) LowColour, (byte R, byte G, byte B) HighColour, string Low,
    string High, string Note);
