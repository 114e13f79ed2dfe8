using Microsoft.Extensions.Logging;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Engine.Upsampling;

/// <summary>The interpolations plus the networks of a <see cref="ModelRegistry"/>. The folders are scanned on first
/// use (so commands that never look at methods pay nothing), once per catalog. Questions about an interpolation are
/// answered without scanning (a registry never offers a model under an interpolation's name), so that an
/// interpolation-only run hashes no model file and loads no ONNX Runtime.</summary>
public sealed class ModelMethodCatalog : MethodCatalog
{
    private volatile Lazy<ModelRegistry> _registry;
    private readonly ILogger? _logger;

    /// <summary>A catalog over an already scanned registry.</summary>
    public ModelMethodCatalog(ModelRegistry registry, ILogger? logger = null)
    {
        _registry = new Lazy<ModelRegistry>(registry);
        _logger = logger;
    }

    /// <summary>A catalog that scans <paramref name="folders"/> when first asked.</summary>
    public ModelMethodCatalog(IEnumerable<string> folders, ILogger? logger = null)
    {
        var list = folders.ToList();
        _registry = new Lazy<ModelRegistry>(() => ModelRegistry.Scan(list, logger), LazyThreadSafetyMode.ExecutionAndPublication);
        _logger = logger;
    }

    public ModelRegistry Registry => _registry.Value;

    /// <summary>Scans <paramref name="folders"/> again when next asked, so that a model written while the process runs
    /// (a fine-tuned one) is offered without a restart. Runs already executing keep the models they opened.</summary>
    public void Rescan(IEnumerable<string> folders)
    {
        var list = folders.ToList();
        _registry = new Lazy<ModelRegistry>(() => ModelRegistry.Scan(list, _logger), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether the folders have been scanned (for tests of what a command loads).</summary>
    public bool IsScanned => _registry.IsValueCreated;

    /// <summary>Model files that are not offered, and why (for <c>models list</c>, the log and the dashboard).</summary>
    public IReadOnlyList<ModelProblem> Problems => Registry.Problems;

    public override IReadOnlyList<string> Ids => [.. base.Ids, .. Registry.Ids];

    public override bool IsKnown(string id) => MethodIds.IsInterpolation(id) || Registry.Find(id) is not null;

    /// <summary>Opens the model on the run's device with the run's tiling; interpolations as in the base class.</summary>
    /// <exception cref="InvalidRunSettingsException">The run asks for <c>cuda</c> and CUDA is unusable.</exception>
    public override IUpsampler Create(string id, RunSettings settings)
    {
        if (MethodIds.IsInterpolation(id) || Registry.Find(id) is not { } model)
            return base.Create(id, settings);
        if (Check(id, settings) is { } problem)
            throw new InvalidRunSettingsException(problem);
        return OnnxUpsampler.Open(model.OnnxPath, model.Card, settings.Device, settings.Tile, settings.TilePad, _logger);
    }

    public override string? Describe(string id) => MethodIds.IsInterpolation(id) ? base.Describe(id) : Registry.Find(id)?.Description ?? base.Describe(id);

    /// <summary>Refuses a model whose scale differs from the run's, and <c>--device cuda</c> where CUDA cannot start.</summary>
    public override string? Check(string id, RunSettings settings)
    {
        if (MethodIds.IsInterpolation(id) || Registry.Find(id) is not { } model)
            return base.Check(id, settings);
        if (model.Card.Scale != settings.Scale)
            return $"method '{id}' is a ×{model.Card.Scale} model; the run's scale is {settings.Scale}";
        if (settings.Device == Devices.Cuda && ExecutionProviders.CudaProblem() is { } cuda)
            return $"--device cuda: CUDA is not usable here: {cuda}";
        return null;
    }
}
