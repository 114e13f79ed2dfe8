using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SemSrDashboard.Tests.Viewers;

/// <summary>Every SQL command EF Core executes on one database file in this process, with when it ran: read from EF
/// Core's diagnostic events, so it sees the dashboard's queries without any hook in the product.</summary>
internal sealed class SqlCommandLog : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string Executed = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";
    private readonly string _database;
    private readonly List<(long At, string Sql)> _commands = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    public SqlCommandLog(string databasePath)
    {
        _database = Path.GetFullPath(databasePath);
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Commands run between two <see cref="Stopwatch.GetTimestamp"/> marks whose SQL matches.</summary>
    public int Count(long from, long to, Func<string, bool> matches)
    {
        lock (_commands)
            return _commands.Count(c => c.At >= from && c.At < to && matches(c.Sql));
    }

    /// <summary>A query that reads whole result rows (the metric columns) — what a page showing results needs.</summary>
    public static bool ReadsResultRows(string sql) =>
        sql.Contains("FROM \"Results\"", StringComparison.Ordinal) && sql.Contains("\"Psnr\"", StringComparison.Ordinal)
        && sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    /// <summary>The runs table's done/failed counts (grouped over every result).</summary>
    public static bool CountsResults(string sql) =>
        sql.Contains("FROM \"Results\"", StringComparison.Ordinal) && sql.Contains("GROUP BY", StringComparison.Ordinal);

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_subscriptions)
                _subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != Executed || value.Value is not CommandExecutedEventData { Command: DbCommand command })
            return;
        string? source = command.Connection?.DataSource;
        if (source is null || Path.GetFullPath(source) != _database)
            return;
        lock (_commands)
            _commands.Add((Stopwatch.GetTimestamp(), command.CommandText));
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
            _subscriptions.ForEach(s => s.Dispose());
    }
}
