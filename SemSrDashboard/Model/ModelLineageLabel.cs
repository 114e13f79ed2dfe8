using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Model;

/// <summary>How model lists name a method: a fine-tuned model shows where it came from ("rdn-slim-x4 → lab-slim"),
/// every other method just its id.</summary>
public static class ModelLineageLabel
{
    public static string For(MethodCatalog methods, string id) =>
        methods is ModelMethodCatalog models && models.Registry.Find(id)?.Card.Lineage is { } lineage
            ? $"{lineage.BaseId} → {id}"
            : id;
}
