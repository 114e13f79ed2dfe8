using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Viewers;

/// <summary>Every SQL command EF Core executes on one database file in this process, with when it ran: read from EF
/// Core's diagnostic events, and the store's hand-written reads from its own listener (<see cref="SqlCommands.Diagnostics"/>).</summary>
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

    /// <summary>A query that reads whole result rows (their id, method and scores) — what a page showing results
    /// needs; not the writer's check of which methods an image already has, nor the runs table's counts.</summary>
    public static bool ReadsResultRows(string sql)
    {
        int from = sql.IndexOf("FROM \"results\"", StringComparison.OrdinalIgnoreCase);
        if (from < 0 || sql.Contains("GROUP BY", StringComparison.OrdinalIgnoreCase))
            return false;
        string selected = sql[..from];
        return selected.Contains(".\"Id\"", StringComparison.Ordinal) && selected.Contains(".\"Method\"", StringComparison.Ordinal);
    }

    /// <summary>The runs table's done/failed counts (grouped over every result).</summary>
    public static bool CountsResults(string sql) =>
        sql.Contains("FROM \"results\"", StringComparison.OrdinalIgnoreCase) && sql.Contains("GROUP BY", StringComparison.Ordinal);

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name || listener.Name == SqlCommands.DiagnosticsName)
            lock (_subscriptions)
                _subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        var command = value switch
        {
            { Key: Executed, Value: CommandExecutedEventData { Command: DbCommand efCommand } } => efCommand,
            { Key: SqlCommands.CommandExecuted, Value: DbCommand handWritten } => handWritten,
            _ => null,
        };
        if (command is null)
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
