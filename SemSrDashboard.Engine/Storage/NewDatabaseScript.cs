using System.Text.RegularExpressions;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The whole SQLite schema of this version in one SQL script (Storage/Migrations/NewDatabase.sql, embedded):
/// what EF Core's <c>migrations script --no-transactions</c> writes for every migration, history rows included. A new
/// database is created by running it instead of EF Core's migrator, whose services and per-migration SQL generation
/// cost most of a one-image run's start-up. <c>scripts/compiled-model.sh</c> regenerates it; Storage/MigrationsTests
/// checks that it is what EF Core generates and that it gives the schema the migrator gives.</summary>
internal static partial class NewDatabaseScript
{
    private static readonly Lazy<string> Text = new(() =>
    {
        using var stream = typeof(NewDatabaseScript).Assembly.GetManifestResourceStream("NewDatabase.sql")
                           ?? throw new InvalidOperationException("the new-database schema script is missing from the assembly");
        using var reader = new StreamReader(stream); // drops the byte-order mark
        return reader.ReadToEnd();
    });

    /// <summary>The script's SQL.</summary>
    public static string Sql => Text.Value;

    /// <summary>The migration ids the script records in the history table, in order.</summary>
    public static IReadOnlyList<string> Migrations() =>
        HistoryInsert().Matches(Sql).Select(m => m.Groups["id"].Value).ToList();

    /// <summary>Whether the script builds exactly the schema of <paramref name="knownMigrations"/> (a script left behind
    /// by a new migration is not used: the migrator runs instead).</summary>
    public static bool Covers(IReadOnlyList<string> knownMigrations) => Migrations().SequenceEqual(knownMigrations, StringComparer.Ordinal);

    [GeneratedRegex("""INSERT INTO "__EFMigrationsHistory" \("MigrationId", "ProductVersion"\)\s*VALUES \('(?<id>[^']+)'""")]
    private static partial Regex HistoryInsert();
}
