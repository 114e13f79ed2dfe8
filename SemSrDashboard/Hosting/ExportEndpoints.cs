using System.Text;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Export;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Hosting;

/// <summary>CSV downloads of a run, by run id only (no paths): the per-image long CSV, the original study's wide CSV
/// (runs with a model) and the per-category summary of every compared method and metric.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/runs/{id:int}/export");
        group.MapGet("/long.csv", (int id, EngineContext engine) =>
            WithRun(engine, id, run => Csv($"run{id}-long.csv", w => LongCsvWriter.Write(w, engine.Store.Results(id)))));
        group.MapGet("/seed.csv", (int id, string? model, EngineContext engine) => WithRun(engine, id, run =>
        {
            var models = RunComparison.Models(run);
            string? chosen = model is not null && models.Contains(model) ? model : models.FirstOrDefault();
            if (chosen is null)
                return Results.BadRequest($"Run {id} has no model: the study's CSV needs one for its dlnr_* columns.");
            return Csv($"run{id}-{chosen}-study.csv", w => SeedCsvWriter.Write(w, engine.Store.Results(id), chosen));
        }));
        group.MapGet("/summary.csv", (int id, EngineContext engine) =>
            WithRun(engine, id, run => Csv($"run{id}-summary.csv", w => ComparisonCsvWriter.Write(w, RunComparison.SummarizeAll(run, engine.Store.Results(id))))));
        return app;
    }

    private static IResult WithRun(EngineContext engine, int id, Func<StoredRun, IResult> respond) =>
        engine.Store.FindRun(id) is { } run ? respond(run) : Results.NotFound($"There is no run {id}.");

    private static IResult Csv(string fileName, Action<TextWriter> write)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        write(writer);
        return Results.File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", fileName);
    }
}
