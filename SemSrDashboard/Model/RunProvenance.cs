using System.Globalization;
using System.Text.Json;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Model;

/// <summary>A run's settings and its provenance JSON as name/value rows, for citing the run.</summary>
public static class RunProvenance
{
    public static IReadOnlyList<(string Name, string Value)> Rows(StoredRun run)
    {
        var rows = new List<(string, string)>
        {
            ("Data folder", run.DataRoot),
            ("Methods", run.Methods.Replace(",", ", ", StringComparison.Ordinal)),
            ("Metrics", run.Metrics.Replace(",", ", ", StringComparison.Ordinal)),
            ("Scale", "×" + run.Scale.ToString(CultureInfo.InvariantCulture)),
            ("Protocol", run.Protocol),
            ("Info bar", run.InfoBar),
            ("Image subset", run.Subset is { } subset ? $"{subset.Split('\n').Length} listed images" : "whole folder"),
            ("Shard", run.ShardCount is int count ? $"{run.ShardIndex} of {count} (of {run.SelectionImages} images in all)" : "–"),
            ("Images per category", run.LimitPerCategory?.ToString(CultureInfo.InvariantCulture) ?? "all"),
            ("Tiling", run.Tile == 0 ? "whole image" : $"tile {run.Tile} px, pad {run.TilePad} px"),
            ("Device requested", run.Device),
            ("Provider used", run.Provider ?? "–"),
            ("Images", $"{run.TotalImages} ({run.SkippedFiles} non-image files skipped)"),
            ("Created", Time(run.CreatedUtc)),
            ("Started", run.StartedUtc is DateTime s ? Time(s) : "–"),
            ("Finished", run.FinishedUtc is DateTime f ? Time(f) : "–"),
        };
        rows.AddRange(ProvenanceRows(run.Provenance));
        return rows;
    }

    /// <summary>The provenance JSON flattened: nested objects become "methods · id" rows.</summary>
    internal static IEnumerable<(string, string)> ProvenanceRows(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return [("Provenance", "not recorded")];
        try
        {
            using var document = JsonDocument.Parse(json);
            var rows = new List<(string, string)>();
            Flatten(document.RootElement, "", rows);
            return rows;
        }
        catch (JsonException)
        {
            return [("Provenance", json)];
        }
    }

    private static void Flatten(JsonElement element, string prefix, List<(string, string)> rows)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
                Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix} · {property.Name}", rows);
        }
        else
        {
            rows.Add((prefix, element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText()));
        }
    }

    private static string Time(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
