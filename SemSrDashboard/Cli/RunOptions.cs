using System.CommandLine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Cli;

/// <summary>The options that define a run (data folder, methods, metrics, image selection, ...), shared by every verb
/// that creates one (<c>evaluate</c>, <c>runs create</c>), so that they accept the same run the same way.</summary>
public sealed class RunOptions
{
    private readonly Option<string> _data = new("--data") { Description = "Data folder: one sub-folder per category", Required = true };
    // Without --methods a run compares the default model with bicubic: a run of the baseline alone answers nothing.
    private readonly Option<string> _methods = new("--methods")
    {
        Description = $"Comma-separated methods; bicubic is always evaluated (default: bicubic,{BundledModels.DefaultId})",
        DefaultValueFactory = _ => $"{MethodIds.Baseline},{BundledModels.DefaultId}",
    };
    private readonly Option<int> _scale = new("--scale") { Description = "Scale factor 2, 3 or 4", DefaultValueFactory = _ => 4 };
    private readonly Option<string> _protocol = new("--protocol")
    {
        Description = "standard, or seed (the original study's computation)", DefaultValueFactory = _ => RunSettings.StandardProtocol,
    };
    private readonly Option<string> _infoBar = new("--info-bar")
    {
        Description = "auto, none or a row count to remove at the bottom", DefaultValueFactory = _ => InfoBarSetting.Auto.ToString(),
    };
    private readonly Option<int?> _limit = new("--limit-per-category") { Description = "At most N images per category (a fixed subset)" };
    private readonly Option<string> _device = new("--device") { Description = "auto, cpu or cuda", DefaultValueFactory = _ => Devices.Auto };
    private readonly Option<int> _tile = new("--tile")
    {
        Description = "Model tile size in low-resolution pixels (0 = whole image)", DefaultValueFactory = _ => RunSettings.DefaultTile,
    };
    private readonly Option<int> _tilePad = new("--tile-pad")
    {
        Description = "Context around each tile in low-resolution pixels", DefaultValueFactory = _ => RunSettings.DefaultTilePad,
    };
    private readonly Option<string> _storeOutputs = new("--store-outputs")
    {
        Description = "Model outputs kept as PNG for the dashboard: all, best-worst or none",
        DefaultValueFactory = _ => RunSettings.StoreAll,
    };
    private readonly Option<string?> _metrics = new("--metrics")
    {
        Description = "Comma-separated metrics to compute (default: all registered; psnr, ssim and ssim_skimage always): " +
            string.Join(",", MetricRegistry.AllIds),
    };
    private readonly Option<string?> _subset = new("--subset")
    {
        Description = "Evaluate only the images this file lists (paths relative to --data, one per line), e.g. a fine-tuned model's held-out list",
    };
    private readonly Option<string?> _shard = new("--shard")
    {
        Description = "Evaluate only shard i of N (i/N; an image belongs to shard SHA-256(relative path) mod N), for `runs merge`",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _data, _methods, _scale, _protocol, _infoBar, _limit, _device, _tile, _tilePad, _storeOutputs, _metrics, _subset, _shard })
            command.Options.Add(option);
    }

    /// <summary>The run the options describe, validated, with its scanned data folder: everything that can be refused
    /// (bad settings, a folder without images, a subset naming images the folder lacks) is checked here, before any
    /// database is touched, so that bad arguments write nothing.</summary>
    /// <exception cref="InvalidRunSettingsException">What is wrong.</exception>
    public (RunSettings Settings, DatasetScan Scan) Validate(ParseResult parse, MethodCatalog methods)
    {
        var settings = RunSettingsValidator.Validate(Settings(parse), methods);
        StartupClock.Mark("settings validated");
        var scan = RunPlanner.ScanWithImages(settings.DataRoot);
        RunPlanner.Select(scan, settings);
        StartupClock.Mark("data folder scanned");
        return (settings, scan);
    }

    /// <summary>The run the options describe, not yet validated. A subset file is read here (missing, empty or
    /// repeating entries are refused as bad arguments).</summary>
    public RunSettings Settings(ParseResult parse) => new(
        parse.GetValue(_data)!,
        MethodList.Parse(parse.GetValue(_methods)),
        parse.GetValue(_scale),
        parse.GetValue(_protocol)!,
        parse.GetValue(_infoBar)!,
        parse.GetValue(_limit),
        parse.GetValue(_tile),
        parse.GetValue(_tilePad),
        parse.GetValue(_device)!,
        parse.GetValue(_storeOutputs)!,
        parse.GetValue(_metrics)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        parse.GetValue(_subset) is { } subsetFile ? ImageSubset.Read(subsetFile) : null,
        parse.GetValue(_shard) is { } shardText ? RunShard.Parse(shardText) : null);
}
