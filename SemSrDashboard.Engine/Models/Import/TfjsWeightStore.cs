using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SemSrDashboard.Engine.Models.Import;

/// <summary>The weights of a layers-model, read from its binary shards and checked against the manifest.</summary>
public sealed class TfjsWeightStore
{
    private readonly Dictionary<string, (TfjsWeightSpec Spec, float[] Data)> _weights = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private TfjsWeightStore() { }

    /// <summary>Total number of weight values.</summary>
    public long ParameterCount => _weights.Values.Sum(w => (long)w.Data.Length);

    /// <summary>Reads every shard of every weight group of <paramref name="model"/>.</summary>
    /// <exception cref="TfjsImportException">A shard is missing, or the shards of a group do not hold exactly
    /// the bytes the manifest describes, or a weight is not float32.</exception>
    public static TfjsWeightStore Load(TfjsModelJson model)
    {
        if (model.WeightGroups.Count == 0)
            throw new TfjsImportException($"{model.Path} has no weightsManifest; the weights are missing.");
        var store = new TfjsWeightStore();
        var dir = Path.GetDirectoryName(model.Path)!;
        for (var g = 0; g < model.WeightGroups.Count; g++)
        {
            var group = model.WeightGroups[g];
            foreach (var spec in group.Weights)
            {
                if (spec.Dtype != "float32")
                    throw new TfjsImportException(
                        $"Weight '{spec.Name}' has dtype '{spec.Dtype}'; only float32 weights are supported.");
            }
            var expected = group.Weights.Sum(w => w.ElementCount * sizeof(float));
            var bytes = ReadShards(dir, group, g, expected);
            long offset = 0;
            foreach (var spec in group.Weights)
            {
                var count = checked((int)spec.ElementCount);
                var data = new float[count];
                var span = bytes.AsSpan((int)offset, count * sizeof(float));
                if (BitConverter.IsLittleEndian)
                    span.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
                else
                    for (var i = 0; i < count; i++)
                        data[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]);
                offset += count * sizeof(float);
                if (!store._weights.TryAdd(spec.Name, (spec, data)))
                    throw new TfjsImportException($"Weight '{spec.Name}' appears twice in the weights manifest.");
            }
        }
        return store;
    }

    private static byte[] ReadShards(string dir, TfjsWeightGroup group, int groupIndex, long expected)
    {
        if (group.Paths.Count == 0)
            throw new TfjsImportException($"Weight group {groupIndex + 1} lists no shard files.");
        long actual = 0;
        foreach (var p in group.Paths)
        {
            var file = Path.Combine(dir, p);
            if (!File.Exists(file))
                throw new TfjsImportException($"Weight shard '{p}' (group {groupIndex + 1}) is missing: {file}");
            actual += new FileInfo(file).Length;
        }
        if (actual != expected)
            throw new TfjsImportException(
                $"Weight shards of group {groupIndex + 1} ({string.Join(", ", group.Paths)}) hold {actual} bytes, " +
                $"but the manifest describes {expected} bytes ({group.Weights.Count} float32 weights); " +
                "the shards do not match model.json.");
        var bytes = new byte[checked((int)expected)];
        var pos = 0;
        foreach (var p in group.Paths)
        {
            var shard = File.ReadAllBytes(Path.Combine(dir, p));
            shard.CopyTo(bytes, pos);
            pos += shard.Length;
        }
        return bytes;
    }

    /// <summary>The weight named <paramref name="name"/>, checked against <paramref name="expectedShape"/>.</summary>
    /// <exception cref="TfjsImportException">The weight is not in the manifest or has another shape.</exception>
    public float[] Take(TfjsLayer layer, string name, params int[] expectedShape)
    {
        if (!_weights.TryGetValue(name, out var w))
            throw layer.Error($"needs weight '{name}', which is not in the weights manifest");
        if (!w.Spec.Shape.SequenceEqual(expectedShape))
            throw layer.Error(
                $"expects weight '{name}' of shape [{string.Join(", ", expectedShape)}] but the manifest has [{string.Join(", ", w.Spec.Shape)}]");
        _used.Add(name);
        return w.Data;
    }

    /// <summary>Names of weights that no layer took.</summary>
    public IReadOnlyList<string> Unused() => _weights.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal).ToList();
}
