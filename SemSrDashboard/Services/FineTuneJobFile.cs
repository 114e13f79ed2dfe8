using System.Text.Json;
using SemSrDashboard.Engine.Training;

namespace SemSrDashboard.Services;

/// <summary>The dashboard's record of an unfinished fine-tuning job, <c>ID.job.json</c> beside its checkpoint: what
/// to resume after a restart. It exists from the start of a job until the model is written or the job is cancelled.</summary>
/// <param name="Settings">The request.</param>
/// <param name="Paused">True when the user paused the job (or it failed): a restart offers it for resume instead of
/// resuming it by itself.</param>
public sealed record FineTuneJobFile(FineTuneSettings Settings, bool Paused)
{
    public const string Suffix = ".job.json";

    public static string PathFor(string folder, string id) => Path.Combine(folder, id + Suffix);

    /// <summary>Writes to a temporary name and renames, so a kill leaves the old record or the new one.</summary>
    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = PathFor(folder, Settings.NewId), temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The newest readable job record in <paramref name="folder"/>; null when there is none.</summary>
    public static FineTuneJobFile? Newest(string folder)
    {
        if (!Directory.Exists(folder))
            return null;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*" + Suffix).OrderByDescending(f => f.LastWriteTimeUtc))
        {
            try
            {
                if (JsonSerializer.Deserialize<FineTuneJobFile>(File.ReadAllText(file.FullName)) is { Settings: not null } job)
                    return job;
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                // an unreadable record is skipped; the next one may be fine
            }
        }
        return null;
    }

    public static void Delete(string folder, string id) => File.Delete(PathFor(folder, id));
}
