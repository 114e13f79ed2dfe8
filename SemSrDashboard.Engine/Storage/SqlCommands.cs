using System.Data.Common;
using System.Diagnostics;

namespace SemSrDashboard.Engine.Storage;

/// <summary>What the store's hand-written SQL shares: parameters and execution, each executed command reported on
/// <see cref="Diagnostics"/> as EF Core reports its own on its diagnostic listener, so that a log of a database's
/// commands sees these too. The SQL itself is the same on SQLite and PostgreSQL (quoted names, <c>@</c>
/// parameters).</summary>
internal static class SqlCommands
{
    /// <summary>Where each hand-written command is reported once executed (event <see cref="CommandExecuted"/>, the
    /// <see cref="DbCommand"/> as payload).</summary>
    public static readonly DiagnosticListener Diagnostics = new(DiagnosticsName);

    /// <summary>The name of <see cref="Diagnostics"/> (a constant, so a subscriber can match it while the listener is
    /// being created).</summary>
    public const string DiagnosticsName = "SemSrDashboard.Engine.Storage";

    public const string CommandExecuted = "CommandExecuted";

    /// <summary>A command on <paramref name="connection"/>, enlisted in <paramref name="transaction"/> when given.</summary>
    public static DbCommand Create(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds parameter <paramref name="name"/>; null is sent as SQL NULL.</summary>
    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Sets the value of parameter <paramref name="name"/> of a command that is executed more than once.</summary>
    public static void Set(DbCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

    public static DbDataReader Read(DbCommand command)
    {
        var reader = command.ExecuteReader();
        Report(command);
        return reader;
    }

    /// <summary>Rows changed.</summary>
    public static int Execute(DbCommand command)
    {
        int changed = command.ExecuteNonQuery();
        Report(command);
        return changed;
    }

    public static object? Scalar(DbCommand command)
    {
        var value = command.ExecuteScalar();
        Report(command);
        return value;
    }

    private static void Report(DbCommand command)
    {
        if (Diagnostics.IsEnabled(CommandExecuted))
            Diagnostics.Write(CommandExecuted, command);
    }
}
