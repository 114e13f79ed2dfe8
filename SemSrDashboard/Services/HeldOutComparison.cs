using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Services;

/// <summary>Queues the run that compares bicubic, the base model and a fine-tuned model on exactly the fine-tuned
/// model's held-out images — the dashboard's <c>evaluate --data DIR --subset HELD_OUT --methods bicubic,BASE,NEW</c>.</summary>
/// <remarks>Runs read a whole data folder, so the run's folder is <c>held-out-images/NEW_ID/</c> beside the
/// fine-tune folder, holding a symbolic link for each held-out image under its own relative path (category folder
/// included): the run sees the same image ids and reads the same files as a run on the original folder, and nothing
/// else. That parent folder is added to the data folders (once) so the run is allowed to read it.</remarks>
public sealed class HeldOutComparison(FineTuneService fineTune, DataRoots roots, RunQueueService queue)
{
    /// <summary>Folder holding one link folder per fine-tuned model.</summary>
    public string Root => Path.Combine(Path.GetDirectoryName(fineTune.Folder)!, "held-out-images");

    /// <summary>Builds the link folder and queues the comparison run; returns the run's id.</summary>
    /// <exception cref="InvalidRunSettingsException">The run was refused; the message says why.</exception>
    public int Queue(ModelCard fineTuned)
    {
        var lineage = fineTuned.Lineage
            ?? throw new InvalidRunSettingsException($"'{fineTuned.Id}' was not fine-tuned here: it has no held-out images");
        string folder = LinkHeldOutImages(fineTuned.Id, lineage);
        if (!roots.Contains(folder))
        {
            var added = roots.Add(Root);
            if (!added.Accepted)
                throw new InvalidRunSettingsException($"the held-out images could not be offered as a data folder: {added.Refusal}");
        }
        return queue.Enqueue(new RunSettings(folder, [MethodIds.Baseline, lineage.BaseId, fineTuned.Id], fineTuned.Scale)).Id;
    }

    private string LinkHeldOutImages(string id, ModelLineage lineage)
    {
        string folder = Path.Combine(Root, id);
        // Rebuilt every time: a model id replaced by a new fine-tuning has another held-out list.
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        foreach (string relative in lineage.HeldOutImages)
        {
            string link = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, Path.Combine(lineage.DataFolder, relative.Replace('/', Path.DirectorySeparatorChar)));
        }
        return folder;
    }
}
