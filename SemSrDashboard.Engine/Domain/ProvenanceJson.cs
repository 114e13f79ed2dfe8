using System.Text.Json;
using System.Text.Json.Nodes;

namespace SemSrDashboard.Engine.Domain;

/// <summary>Reads a run's provenance JSON for editing (keys in <see cref="ProvenanceKeys"/>).</summary>
public static class ProvenanceJson
{
    /// <summary>The provenance as a JSON object; an empty one when it is missing, unreadable or not an object (runs
    /// stored by early versions may hold anything).</summary>
    public static JsonObject Read(string? provenance)
    {
        try
        {
            return JsonNode.Parse(provenance ?? "") as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
