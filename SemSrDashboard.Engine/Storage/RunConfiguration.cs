using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>One run, one configuration: what <c>runs merge</c> checks between shards and <c>worker</c> checks between
/// itself and the run it joins.</summary>
public static class RunConfiguration
{
    /// <summary>What differs between two runs' configurations (settings apart from the shard, engine version, the
    /// methods' descriptions with each model file's sha256), or null when they are one configuration.</summary>
    public static string? Difference(StoredRun a, StoredRun b)
    {
        var sa = StoredRunSettings.From(a) with { Shard = null };
        var sb = StoredRunSettings.From(b) with { Shard = null };
        (string Name, Func<RunSettings, string> Value)[] fields =
        [
            ("data folder", s => s.DataRoot), ("methods", s => MethodList.Format(s.Methods)), ("scale", s => s.Scale.ToString()),
            ("protocol", s => s.Protocol), ("info bar", s => s.InfoBar), ("images per category", s => s.LimitPerCategory?.ToString() ?? "all"),
            ("metrics", s => string.Join(',', s.ChosenMetrics)), ("subset", s => s.Subset is null ? "none" : ImageSubset.Digest(s.Subset)),
            ("tiling", s => $"{s.Tile}/{s.TilePad}"), ("stored outputs", s => s.StoreOutputs),
        ];
        foreach (var (name, value) in fields)
            if (value(sa) != value(sb))
                return $"{name} {value(sa)} against {value(sb)}";
        if (sa.Fingerprint != sb.Fingerprint)
            return "their settings differ";
        // One configuration also means one engine and the same model files.
        foreach (string key in new[] { "application", "methods" })
        {
            string? pa = ProvenanceEntry(a.Provenance, key), pb = ProvenanceEntry(b.Provenance, key);
            if (pa != pb)
                return $"{key} {pa ?? "unrecorded"} against {pb ?? "unrecorded"}";
        }
        return null;
    }

    private static string? ProvenanceEntry(string? provenance, string key) => ProvenanceJson.Read(provenance)[key]?.ToJsonString();
}
