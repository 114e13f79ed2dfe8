using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation.Seed;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Evaluation;

/// <summary>Evaluates one image with every method still missing for it; never throws for a bad image. Takes and
/// returns plain records, which the store maps to its rows.</summary>
public interface IImageEvaluator
{
    ImageEvaluation Evaluate(StoredImage image, IReadOnlySet<string> methods, CancellationToken cancellation = default);

    /// <summary>The evaluator of the run's protocol.</summary>
    /// <param name="outputs">Where model outputs are kept (standard protocol only: the seed protocol's outputs are
    /// unrounded float RGB that a PNG cannot hold exactly).</param>
    /// <param name="timings">Receives each stage's time (standard protocol only).</param>
    static IImageEvaluator For(RunSettings settings, IReadOnlyList<IUpsampler> upsamplers, OutputStore? outputs = null,
        StageTimings? timings = null) =>
        settings.Protocol == RunSettings.SeedProtocol
            ? new SeedImageEvaluator(settings, upsamplers)
            : new ImageEvaluator(settings, upsamplers, timings: timings,
                outputs: settings.StoreOutputs == RunSettings.StoreNone ? null : outputs);
}
