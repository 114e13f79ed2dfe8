using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Architecture;

/// <summary>The web project does not touch the database's EF Core types: never the context or a <c>DbSet</c>, and no
/// file names an entity class. What it shows comes from the store as plain records (<c>StoredRun</c>,
/// <c>StoredImage</c>, <c>StoredResult</c>), which the Engine's statistics, inspection and exports take too
/// (docs/architecture.md); the pages also never read results from the store themselves.</summary>
public class WebEntityTests
{
    /// <summary>The entity classes, read from the context's <c>DbSet</c>s so that a new entity is covered, whichever file
    /// declares it.</summary>
    internal static IReadOnlyList<string> EntityTypes() =>
        Regex.Matches(File.ReadAllText(Path.Combine(EngineSource.EngineFolder, "Storage", "EvaluationDbContext.cs")), @"\bDbSet<(\w+)>")
            .Select(m => m.Groups[1].Value).Distinct().ToList();

    private static Dictionary<string, string> WebSources() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "SemSrDashboard"), "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .ToDictionary(path => path, path => EngineSource.WithoutComments(File.ReadAllText(Path.Combine(RepositoryPaths.Root, path))));

    internal static bool Names(string code, string type) => Regex.IsMatch(code, @"\b" + type + @"\b");

    [Fact]
    public void The_entity_classes_are_found()
    {
        Assert.Equal(["DataRootRecord", "ImageRecord", "ResultRecord", "RunRecord", "WorkerRecord"], EntityTypes().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_web_project_never_names_the_database_context_or_a_DbSet()
    {
        var offenders = WebSources().Where(f => Names(f.Value, "EvaluationDbContext") || Names(f.Value, "DbSet") || Names(f.Value, "DbContext"))
            .Select(f => f.Key).ToList();
        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }

    [Fact]
    public void No_page_names_an_entity_or_reads_the_store()
    {
        var entities = EntityTypes();
        var pages = WebSources().Where(f => f.Key.StartsWith("SemSrDashboard/Components/Pages/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);
        var naming = pages.Where(f => entities.Any(e => Names(f.Value, e))).Select(f => f.Key).ToList();
        Assert.True(naming.Count == 0, "Pages naming an EF entity (use a view model):\n" + string.Join('\n', naming));
        // The pages with results read them from the shared cache, never from the store on their own.
        var reading = pages.Where(f => Regex.IsMatch(f.Value, @"\bStore\.(Results|Images|CountsByRun)\(")).Select(f => f.Key).ToList();
        Assert.True(reading.Count == 0, "Pages reading results from the store:\n" + string.Join('\n', reading));
    }

    [Fact]
    public void No_web_file_names_an_entity()
    {
        var entities = EntityTypes();
        var sources = WebSources();
        Assert.Contains("SemSrDashboard/Model/RunResultsSnapshot.cs", sources.Keys); // the scan sees the view models
        var naming = sources.Where(f => entities.Any(e => Names(f.Value, e))).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(naming is [], "Web files naming an EF entity (use the store's plain records):\n" + string.Join('\n', naming));
    }

    /// <summary>What the source check cannot see: an entity the web code holds without naming it (a lambda's parameter
    /// such as <c>UpdateRun(id, r => ...)</c>, a <c>var</c> over an Engine method that returns entities). The compiled
    /// web assembly is searched instead: every field, property, parameter, return value and local of every type,
    /// the compiler-made ones (lambdas, async state machines) included.</summary>
    [Fact]
    public void The_compiled_web_project_holds_no_entity()
    {
        var entities = typeof(EvaluationDbContext).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
            .Select(p => p.PropertyType.GetGenericArguments()[0]).ToHashSet();
        Assert.Equal(EntityTypes().Order(StringComparer.Ordinal), entities.Select(t => t.Name).Order(StringComparer.Ordinal));

        var holding = new SortedSet<string>(StringComparer.Ordinal);
        var types = typeof(RunResultsSnapshot).Assembly.GetTypes();
        Assert.Contains(types, t => t.Name.Contains("<>c", StringComparison.Ordinal)); // compiler-made types are searched too
        foreach (var type in types)
            foreach (var (place, used) in UsedTypes(type))
                if (Expand(used).FirstOrDefault(entities.Contains) is { } entity)
                    holding.Add($"{type.FullName}: {place} ({entity.Name})");
        Assert.True(holding.Count == 0, "The web assembly holds EF entities:\n" + string.Join('\n', holding));
    }

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static
        | BindingFlags.DeclaredOnly;

    private static IEnumerable<(string Place, Type Used)> UsedTypes(Type type)
    {
        foreach (var field in type.GetFields(Declared))
            yield return (field.Name, field.FieldType);
        foreach (var property in type.GetProperties(Declared))
            yield return (property.Name, property.PropertyType);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
                yield return (method.Name, info.ReturnType);
            foreach (var parameter in method.GetParameters())
                yield return ($"{method.Name}({parameter.Name})", parameter.ParameterType);
            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
                yield return ($"{method.Name} local {local.LocalIndex}", local.LocalType);
        }
    }

    /// <summary>A type with the types it is made of: element types and generic arguments (lists, tuples, delegates).</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType)
            foreach (var inner in Expand(type.GetElementType()!))
                yield return inner;
        if (type.IsGenericType)
            foreach (var inner in type.GetGenericArguments().SelectMany(Expand))
                yield return inner;
    }

    /// <summary>The check above reads code without comments and matches whole words only: an entity named in code is
    /// found, one named in a comment or inside a longer name is not.</summary>
    [Fact]
    public void An_entity_named_in_code_is_found()
    {
        var code = EngineSource.WithoutComments("""
            // RunRecord in a comment
            var kept = store.ListRuns(); // a StoredRun, not a RunRecord
            StoredRunSettings.From(kept[0]);
            """);
        Assert.DoesNotContain(EntityTypes(), e => Names(code, e));
        Assert.Contains(EntityTypes(), e => Names("IReadOnlyList<ResultRecord> results", e));
    }
}
