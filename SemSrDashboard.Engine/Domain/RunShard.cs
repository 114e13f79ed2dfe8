using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace SemSrDashboard.Engine.Domain;

/// <summary>Shard <see cref="Index"/> of <see cref="Count"/> of a run's images, for tasks that each evaluate a part
/// into their own database (<c>evaluate --shard i/N</c>, then <c>runs merge</c>).</summary>
/// <remarks>An image belongs to shard SHA-256(relative path) mod N: the 256-bit digest of the UTF-8 path ('/'
/// separated, as stored) read as an unsigned big-endian integer. The assignment depends on the path alone, not on
/// the processing order, the machine or the other images, so every task computes the same split.</remarks>
public sealed record RunShard(int Index, int Count)
{
    /// <summary>Reads <c>i/N</c> (0 ≤ i &lt; N).</summary>
    /// <exception cref="InvalidRunSettingsException">Not of that form.</exception>
    public static RunShard Parse(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            || count < 1 || index >= count)
            throw new InvalidRunSettingsException($"--shard must be i/N with N at least 1 and i from 0 to N-1, not '{text}'");
        return new RunShard(index, count);
    }

    /// <summary>The shard (0 to <paramref name="count"/> − 1) that <paramref name="relativePath"/> belongs to.</summary>
    public static int Of(string relativePath, int count)
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(relativePath));
        return (int)(new BigInteger(digest, isUnsigned: true, isBigEndian: true) % count);
    }

    public bool Contains(string relativePath) => Of(relativePath, Count) == Index;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
