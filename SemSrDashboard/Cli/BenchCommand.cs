using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Runs;

namespace SemSrDashboard.Cli;

/// <summary><c>bench</c>: per-stage time, bare-model against pipeline throughput, peak memory and the projected time
/// for the run's images (the whole folder unless limited per category), measured on a sample of them.</summary>
public static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var data = new Option<string>("--data") { Description = "Data folder (as for evaluate)", Required = true };
        var methods = new Option<string>("--methods") { Description = "Comma-separated methods", DefaultValueFactory = _ => MethodIds.Baseline };
        var images = new Option<int>("--images") { Description = "Sample size", DefaultValueFactory = _ => 5 };
        var scale = new Option<int>("--scale") { DefaultValueFactory = _ => 4 };
        var limit = new Option<int?>("--limit-per-category") { Description = "At most N images per category (a fixed subset), as for evaluate" };
        var infoBar = new Option<string>("--info-bar") { DefaultValueFactory = _ => InfoBarSetting.Auto.ToString() };
        var tile = new Option<int>("--tile") { DefaultValueFactory = _ => RunSettings.DefaultTile };
        var tilePad = new Option<int>("--tile-pad") { DefaultValueFactory = _ => RunSettings.DefaultTilePad };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => Devices.Auto };
        var protocol = new Option<string>("--protocol") { Description = "standard or seed, as for evaluate", DefaultValueFactory = _ => RunSettings.StandardProtocol };
        var storeOutputs = new Option<string>("--store-outputs") { Description = "all, best-worst or none, as for evaluate", DefaultValueFactory = _ => RunSettings.StoreAll };
        var metrics = new Option<string?>("--metrics") { Description = "Comma-separated metrics, as for evaluate (default: all registered)" };
        var quick = new Option<bool>("--quick") { Description = "Stage timings only (no pipeline run): what the dashboard's estimate measures" };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON" };
        var command = new Command("bench", "Measure where the time goes and project the run's images")
        {
            data, methods, images, scale, limit, infoBar, tile, tilePad, device, protocol, storeOutputs, metrics, quick, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var settings = new RunSettings(parse.GetValue(data)!,
                MethodList.Parse(parse.GetValue(methods)),
                parse.GetValue(scale), InfoBar: parse.GetValue(infoBar)!, LimitPerCategory: parse.GetValue(limit), Tile: parse.GetValue(tile),
                TilePad: parse.GetValue(tilePad), Device: parse.GetValue(device)!, Protocol: parse.GetValue(protocol)!,
                StoreOutputs: parse.GetValue(storeOutputs)!,
                Metrics: parse.GetValue(metrics)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var report = await PipelineBenchmark.MeasureAsync(settings, EngineContext.CreateMethodCatalog(), parse.GetValue(images),
                parse.GetValue(quick), cancellation: cancellation);
            await output.WriteAsync(Format(report));
            if (parse.GetValue(json) is { } path)
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, IncludeFields = true }));
            return ExitCodes.Completed;
        });
        return command;
    }

    public static string Format(BenchmarkReport r)
    {
        var s = new System.Text.StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"sample: {r.SampleImages} images, {r.SampleMegapixels:0.00} megapixels; provider {r.Provider ?? "CPU (interpolation only)"}; {Environment.ProcessorCount} cores");
        s.AppendLine("stage                 calls   mean s/call");
        foreach (var (stage, count, mean) in r.Stages)
            s.AppendLine(c, $"{stage,-20} {count,6}   {mean,11:0.0000}");
        foreach (var (model, seconds) in r.ModelSecondsPerImage)
            s.AppendLine(c, $"bare model {model}: {seconds:0.000} s per image");
        if (r.BareModelImagesPerSecond is double bare)
            s.AppendLine(c, $"bare models: {bare:0.000} images/s");
        if (r.PipelineImagesPerSecond is double pipeline)
            s.AppendLine(c, $"pipeline: {pipeline:0.000} images/s");
        if (r.PipelineToModelRatio is double ratio)
            s.AppendLine(c, $"pipeline / bare models: {ratio:0.000}");
        s.AppendLine(c, $"peak working set: {r.PeakWorkingSetBytes / 1048576.0:0} MiB");
        var p = r.Projection;
        if (r.SampleFailed)
            s.AppendLine("a sample image failed: its time, and the projection, are lower bounds");
        s.AppendLine(c, $"run: {p.Images} images, {p.Megapixels:0.0} megapixels, {p.Workers} workers; projected {FormatDuration(p.Total)}");
        s.AppendLine(c, $"  setup (opening the methods, once per run): {p.SetupSeconds:0.000} s");
        s.AppendLine(c, $"  from the stage times: {p.SerialSeconds:0.000} s serialised + {p.ParallelSeconds:0.000} s / {p.Workers} workers per sample image of {p.SampleMegapixels:0.00} megapixels");
        return s.ToString();
    }

    private static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{t.TotalSeconds:0.0} s";
}
