using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Upsampling;

/// <summary>The methods a run may use: classical interpolations plus the models a registry offers.</summary>
public class MethodCatalog
{
    /// <summary>Ids of every method on offer, interpolations first.</summary>
    public virtual IReadOnlyList<string> Ids => MethodIds.Interpolations;

    public virtual bool IsKnown(string id) => Ids.Contains(id, StringComparer.Ordinal);

    /// <summary>Creates the upsampler for <paramref name="id"/>; the caller disposes it.</summary>
    /// <exception cref="ArgumentException">Unknown id.</exception>
    public virtual IUpsampler Create(string id, RunSettings settings)
    {
        if (MethodIds.IsInterpolation(id))
            return new InterpolationUpsampler(id);
        throw new ArgumentException($"unknown method '{id}' (known: {string.Join(", ", Ids)})");
    }

    /// <summary>A short provenance line for the method (e.g. a model's sha256); null for interpolations.</summary>
    public virtual string? Describe(string id) => null;

    /// <summary>Why <paramref name="id"/> cannot take part in a run with <paramref name="settings"/> (e.g. a ×4 model
    /// in a ×2 run), or null when it can. <see cref="RunSettingsValidator"/> asks before a run is queued.</summary>
    public virtual string? Check(string id, RunSettings settings) => null;
}
