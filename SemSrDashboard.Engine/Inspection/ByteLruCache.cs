namespace SemSrDashboard.Engine.Inspection;

/// <summary>A thread-safe least-recently-used cache of byte arrays bounded by their total size. An entry larger than
/// the whole budget is not kept.</summary>
public sealed class ByteLruCache(long capacityBytes)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, byte[] Value)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, byte[] Value)> _order = new(); // most recent first
    private readonly Lock _gate = new();

    public long CapacityBytes { get; } = capacityBytes;

    /// <summary>Bytes held now.</summary>
    public long SizeBytes { get; private set; }

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    public bool TryGet(string key, out byte[] value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = [];
        return false;
    }

    public void Set(string key, byte[] value)
    {
        lock (_gate)
        {
            if (_entries.Remove(key, out var old))
            {
                _order.Remove(old);
                SizeBytes -= old.Value.Value.Length;
            }
            if (value.Length > CapacityBytes)
                return;
            _entries[key] = _order.AddFirst((key, value));
            SizeBytes += value.Length;
            while (SizeBytes > CapacityBytes && _order.Last is { } last)
            {
                _order.RemoveLast();
                _entries.Remove(last.Value.Key);
                SizeBytes -= last.Value.Value.Length;
            }
        }
    }
}
