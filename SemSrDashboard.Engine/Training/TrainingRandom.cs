using System.Numerics;

namespace SemSrDashboard.Engine.Training;

/// <summary>The training's only source of randomness: xoshiro256** (Blackman and Vigna 2018) seeded through
/// SplitMix64. Its whole state is four numbers, saved in every checkpoint, so a resumed job draws exactly the patches
/// an uninterrupted one would have drawn; unlike <see cref="Random"/>, the sequence for a seed is fixed by this code.</summary>
public sealed class TrainingRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public TrainingRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The generator's state, to be restored with <see cref="Restore"/>.</summary>
    public ulong[] State => [_s0, _s1, _s2, _s3];

    /// <summary>Continues from a state taken with <see cref="State"/>.</summary>
    public static TrainingRandom Restore(IReadOnlyList<ulong> state)
    {
        if (state.Count != 4 || state.All(s => s == 0))
            throw new ArgumentException("a xoshiro256** state is four numbers, not all zero", nameof(state));
        return new TrainingRandom(0) { _s0 = state[0], _s1 = state[1], _s2 = state[2], _s3 = state[3] };
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniformly distributed integer in [0, <paramref name="bound"/>) (Lemire's unbiased multiply-shift).</summary>
    public int Next(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong range = (ulong)bound;
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * range;
            ulong low = (ulong)product;
            if (low >= range || low >= (0 - range) % range)
                return (int)(product >> 64);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
