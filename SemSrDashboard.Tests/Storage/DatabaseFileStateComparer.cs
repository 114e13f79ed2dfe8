namespace SemSrDashboard.Tests.Storage;

/// <summary>Compares two <see cref="DatabaseFileState"/>s by content (the record's lists compare by reference).</summary>
internal sealed class DatabaseFileStateComparer : IEqualityComparer<DatabaseFileState>
{
    public static readonly DatabaseFileStateComparer Instance = new();

    public bool Equals(DatabaseFileState? x, DatabaseFileState? y) =>
        x is not null && y is not null && x.Exists == y.Exists
        && x.Schema.SequenceEqual(y.Schema) && x.History.SequenceEqual(y.History) && x.Rows.SequenceEqual(y.Rows);

    public int GetHashCode(DatabaseFileState obj) => obj.Schema.Count;
}
