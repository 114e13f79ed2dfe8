using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SemSrDashboard.Engine.Scanning;

namespace SemSrDashboard.Engine.Runs;

/// <summary>The order in which a run evaluates its images: seeded, random within each category and interleaved
/// across categories in proportion to their sizes, so that a run stopped part-way has evaluated a fair sample of every
/// category instead of the first folders in alphabetical order.</summary>
/// <remarks>The planner stores a run's images in this order (image ids ascend along it) and the executor follows the
/// ids, so a resumed run keeps the order; exports and statistics sort by path and do not depend on it.</remarks>
public static class ProcessingOrder
{
    /// <summary>Orders <paramref name="images"/>: within a category by a seeded hash of the path (a random
    /// permutation), then all images by (rank in category + u) / category size, u a seeded uniform number in [0, 1)
    /// per image. After any prefix of k images a category of n_c out of N images has ⌊k·n_c/N⌋ or one more or one fewer
    /// of its images in. The same seed and images give the same order on every machine (SHA-256, no library RNG).</summary>
    public static IReadOnlyList<ScannedImage> Stratified(IReadOnlyList<ScannedImage> images, int seed)
    {
        var keyed = new List<(double Key, string Path, ScannedImage Image)>(images.Count);
        foreach (var category in images.GroupBy(i => i.Category, StringComparer.Ordinal))
        {
            var shuffled = category.OrderBy(i => Hash(seed, "rank", i.RelativePath)).ThenBy(i => i.RelativePath, StringComparer.Ordinal).ToList();
            for (int rank = 0; rank < shuffled.Count; rank++)
            {
                double jitter = Hash(seed, "jitter", shuffled[rank].RelativePath) / (double)ulong.MaxValue;
                keyed.Add(((rank + Math.Min(jitter, 0.999999)) / shuffled.Count, shuffled[rank].RelativePath, shuffled[rank]));
            }
        }
        return keyed.OrderBy(k => k.Key).ThenBy(k => k.Path, StringComparer.Ordinal).Select(k => k.Image).ToList();
    }

    /// <summary>A seed for a new run (any 31-bit value; recorded in the run's provenance).</summary>
    public static int NewSeed() => Random.Shared.Next();

    private static ulong Hash(int seed, string purpose, string relativePath) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{purpose}\n{relativePath}")));
}
