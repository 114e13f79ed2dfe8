using Microsoft.Extensions.Logging;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine;

/// <summary>The Engine's parts wired together for one database: what the command line and the web host share.</summary>
public sealed class EngineContext
{
    public EngineContext(EvaluationDatabase database, MethodCatalog methods)
    {
        Database = database;
        Methods = methods;
        Store = new ResultStore(database);
        Planner = new RunPlanner(Store, methods);
    }

    public EvaluationDatabase Database { get; }
    public MethodCatalog Methods { get; }
    public ResultStore Store { get; }
    public RunPlanner Planner { get; }

    /// <summary>Opens <paramref name="database"/>, a SQLite path or PostgreSQL connection string (default:
    /// <see cref="DatabaseTarget.Default"/>).</summary>
    public static EngineContext Open(string? database = null) =>
        new(EvaluationDatabase.Open(database is null ? DatabaseTarget.Default() : DatabaseTarget.Parse(database)), CreateMethodCatalog());

    /// <summary>The methods on offer: interpolations and the models found in the model folders (the bundled
    /// <c>models/</c> folder found by walking up from the application and the current directory, and
    /// <c>$SEMSR_MODELS</c>); see <see cref="ModelRegistry"/>. The folders are scanned on first use.</summary>
    public static ModelMethodCatalog CreateMethodCatalog(ILogger? logger = null) =>
        new ModelMethodCatalog(ModelRegistry.DefaultFolders(), logger);

    /// <summary>The image inspector over this database's results, kept outputs and methods.</summary>
    public ImageInspector CreateInspector(long cacheBytes = ImageInspector.DefaultCacheBytes) =>
        new(Store, Methods, OutputStore.For(Database), cacheBytes);

    /// <summary>A lease owner id unique to this process.</summary>
    public static string NewOwnerId(string role) =>
        $"{role}@{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
