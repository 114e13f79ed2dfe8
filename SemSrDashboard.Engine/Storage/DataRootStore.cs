using Microsoft.EntityFrameworkCore;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The data folders added from the dashboard, kept in the database so that they outlive restarts without
/// editing a tracked configuration file.</summary>
public sealed class DataRootStore(EvaluationDatabase database)
{
    /// <summary>The stored roots' paths, in the order they were added.</summary>
    public IReadOnlyList<string> List()
    {
        using var db = database.CreateContext();
        return db.DataRoots.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Path).ToList();
    }

    /// <summary>Stores <paramref name="path"/> (already checked and resolved); false when it is stored already.</summary>
    public bool Add(string path)
    {
        using var db = database.CreateContext();
        if (db.DataRoots.Any(r => r.Path == path))
            return false;
        db.DataRoots.Add(new DataRootRecord { Path = path, AddedUtc = DateTime.UtcNow });
        db.SaveChanges();
        return true;
    }

    /// <summary>Removes the stored root <paramref name="path"/>; runs are not touched. False when it was not stored.</summary>
    public bool Remove(string path)
    {
        using var db = database.CreateContext();
        return db.DataRoots.Where(r => r.Path == path).ExecuteDelete() > 0;
    }
}
