using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Services;

/// <summary>Queues the run that compares bicubic, the base model and a fine-tuned model on exactly the fine-tuned
/// model's held-out images — the dashboard's <c>evaluate --data DIR --subset HELD_OUT --methods bicubic,BASE,NEW</c>:
/// the run reads the fine-tuning's own data folder, limited to the held-out list of the model's lineage.</summary>
public sealed class HeldOutComparison(RunQueueService queue)
{
    /// <summary>Queues the comparison run and returns its id.</summary>
    /// <exception cref="InvalidRunSettingsException">The run was refused (e.g. the data folder is no longer a data
    /// root, or images of the list are gone); the message says why.</exception>
    public int Queue(ModelCard fineTuned)
    {
        var lineage = fineTuned.Lineage
            ?? throw new InvalidRunSettingsException($"'{fineTuned.Id}' was not fine-tuned here: it has no held-out images");
        return queue.Enqueue(new RunSettings(lineage.DataFolder, [MethodIds.Baseline, lineage.BaseId, fineTuned.Id], fineTuned.Scale,
            Subset: lineage.HeldOutImages.Order(StringComparer.Ordinal).ToList())).Id;
    }
}
