using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SemSrDashboard.Engine.Training;

/// <summary>Where a fine-tuning job stood at a step boundary: enough to continue exactly as if it had not stopped
/// (parameters, Adam's moments, the patch generator's state, the recent losses, the time spent), and the loss curve and
/// held-out points so far.</summary>
/// <param name="Fingerprint">Hash of everything that makes the training what it is (base model, data, split, seed,
/// patch, batch, learning rate); a checkpoint of another fingerprint is not resumed.</param>
/// <param name="Step">Steps taken.</param>
/// <param name="RandomState">The <see cref="TrainingRandom"/> state after the last step's batch.</param>
/// <param name="ElapsedSeconds">Training wall time so far, over all sessions.</param>
/// <param name="RecentLosses">The last losses (oldest first), for the final-loss figure.</param>
/// <param name="Losses">The loss curve up to <paramref name="Step"/> (<see cref="TrainingHistory"/>); null in a
/// checkpoint written before the curve was kept.</param>
/// <param name="HeldOut">The held-out PSNR points up to <paramref name="Step"/>; null likewise.</param>
public sealed record TrainingCheckpoint(string Fingerprint, long Step, ulong[] RandomState, double ElapsedSeconds, double[] RecentLosses,
    LossPoint[]? Losses = null, HeldOutPoint[]? HeldOut = null)
{
    /// <summary>The loss curve and held-out points this checkpoint holds.</summary>
    public TrainingHistory History() => new(Losses ?? [], HeldOut ?? []);

    private static readonly byte[] Magic = "SEMSR-FINETUNE-1"u8.ToArray();

    /// <summary>The fingerprint of a plan: SHA-256 over the settings that determine the weights.</summary>
    public static string FingerprintOf(FineTunePlan plan)
    {
        var s = plan.Settings;
        var identity = new
        {
            baseSha256 = plan.Base.Card.Sha256,
            dataRoot = plan.DataRoot,
            train = plan.Split.TrainPaths,
            heldOut = plan.Split.HeldOutPaths,
            s.Seed,
            s.Patch,
            s.Batch,
            s.LearningRate,
        };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(identity)));
    }

    /// <summary>Writes the checkpoint and the trainer's state to a temporary file, flushes it to disk and renames it
    /// over <paramref name="path"/>: a kill at any moment leaves the previous checkpoint or this one, never a torn file.</summary>
    public void Save(string path, FineTuneTrainer trainer)
    {
        string temporary = path + $".{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(JsonSerializer.Serialize(this));
                trainer.Save(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The training history stored in the checkpoint at <paramref name="path"/>, read from its header alone
    /// (the weights are not loaded), so a paused or restarting job can show its curve before it trains again.</summary>
    /// <returns>The history; null when there is no readable checkpoint there.</returns>
    public static TrainingHistory? ReadHistory(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            return ReadHeader(reader)?.History();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException)
        {
            return null;
        }
    }

    private static TrainingCheckpoint? ReadHeader(BinaryReader reader)
    {
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException("not a fine-tuning checkpoint");
        return JsonSerializer.Deserialize<TrainingCheckpoint>(reader.ReadString());
    }

    /// <summary>Reads the header of the checkpoint at <paramref name="path"/> and, when its fingerprint is
    /// <paramref name="fingerprint"/>, restores <paramref name="trainer"/> from it.</summary>
    /// <returns>The checkpoint; null when there is none.</returns>
    /// <exception cref="FineTuneRefusedException">The file is not a checkpoint, or one of another training.</exception>
    public static TrainingCheckpoint? Resume(string path, string fingerprint, FineTuneTrainer trainer)
    {
        if (!File.Exists(path))
            return null;
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        TrainingCheckpoint? checkpoint;
        try
        {
            checkpoint = ReadHeader(reader);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or EndOfStreamException)
        {
            throw new FineTuneRefusedException($"{path} is not a readable checkpoint ({e.Message}); remove it to start over");
        }
        if (checkpoint is null || checkpoint.Fingerprint != fingerprint)
            throw new FineTuneRefusedException(
                $"{path} is the checkpoint of a training with other settings (base model, data, split, seed, patch, batch or " +
                "learning rate); run with the same settings to resume it, or remove it (or add --force) to start over");
        trainer.Load(reader);
        return checkpoint;
    }
}
