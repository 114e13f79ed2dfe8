namespace SemSrDashboard.Engine.Storage;

/// <summary>The database engine behind a <see cref="DatabaseTarget"/>.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file (the default): one machine, several processes.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: the store shared by processes on several machines.</summary>
    Postgres,
}
