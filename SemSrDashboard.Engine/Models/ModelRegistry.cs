using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Models;

/// <summary>Why a file in a model folder is not offered.</summary>
/// <param name="File">Full path of the ONNX file or card.</param>
/// <param name="Message">What is wrong, in words for the user.</param>
public sealed record ModelProblem(string File, string Message)
{
    public override string ToString() => $"{System.IO.Path.GetFileName(File)}: {Message}";
}

/// <summary>A network on offer: its card (read from <c>&lt;id&gt;.card.json</c>, or inferred by a probe run when
/// there is none) and its ONNX file.</summary>
public sealed record RegisteredModel(ModelCard Card, string OnnxPath, string? CardPath)
{
    public string Id => Card.Id;

    /// <summary>The provenance line a run records: sha256, source package and version, licence; for a model
    /// fine-tuned here also its base model and that model's sha256 (its lineage).</summary>
    public string Description =>
        $"sha256 {Card.Sha256}, {Card.SourcePackage} {Card.SourceVersion}, {Card.Licence}" + (Card.Inferred ? " (card inferred)" : "")
        + (Card.Lineage is { } lineage ? $"; fine-tuned: {lineage.BaseId} → {Id} (base sha256 {lineage.BaseSha256})" : "");
}

/// <summary>The ONNX networks found in the model folders. Every <c>*.onnx</c> file with a valid card (or, without a
/// card, one whose scale a probe run establishes) is offered by id; everything wrong is collected in
/// <see cref="Problems"/> and that file is skipped. Scanning never throws.</summary>
/// <remarks>Rules: the card's id must equal the file name stem; the card's sha256 must equal the file's (a mismatch
/// refuses the model: the card's verified ranges and the recorded provenance would describe other weights); the
/// network needs exactly one float32 [1, C, H, W] input and one output, with C 1 or 3 and equal to the card's
/// channels; an id may appear once (the first folder wins) and must not be an interpolation's name.</remarks>
public sealed class ModelRegistry
{
    /// <summary>Environment variable naming extra model folders (separated by <see cref="Path.PathSeparator"/>).</summary>
    public const string EnvironmentVariable = "SEMSR_MODELS";

    /// <summary>Side of the square input of the probe run that infers a card-less model's scale.</summary>
    public const int ProbeSize = 16;

    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Modified), string> HashCache = new();

    private readonly Dictionary<string, RegisteredModel> _byId;

    private ModelRegistry(IReadOnlyList<string> folders, List<RegisteredModel> models, List<ModelProblem> problems)
    {
        Folders = folders;
        Models = models;
        Problems = problems;
        _byId = models.ToDictionary(m => m.Id, StringComparer.Ordinal);
    }

    /// <summary>The folders scanned, in order.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>The models on offer, in folder order, then by id.</summary>
    public IReadOnlyList<RegisteredModel> Models { get; }

    /// <summary>Files that were skipped, and why.</summary>
    public IReadOnlyList<ModelProblem> Problems { get; }

    public IEnumerable<string> Ids => Models.Select(m => m.Id);

    public RegisteredModel? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>An empty registry.</summary>
    public static ModelRegistry Empty { get; } = new([], [], []);

    /// <summary>Scans <paramref name="folders"/> (missing ones are reported as problems; repeated ones are scanned
    /// once). Problems are also logged as warnings.</summary>
    public static ModelRegistry Scan(IEnumerable<string> folders, ILogger? logger = null)
    {
        var scanned = new List<string>();
        var models = new List<RegisteredModel>();
        var problems = new List<ModelProblem>();
        foreach (string folder in folders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))))
        {
            if (scanned.Contains(folder))
                continue;
            scanned.Add(folder);
            if (!Directory.Exists(folder))
            {
                problems.Add(new ModelProblem(folder, "model folder not found"));
                continue;
            }
            ScanFolder(folder, models, problems);
        }
        foreach (var problem in problems)
            logger?.LogWarning("Model not offered: {File}: {Problem}", problem.File, problem.Message);
        logger?.LogInformation("Models on offer: {Models}", models.Count == 0 ? "none" : string.Join(", ", models.Select(m => m.Id)));
        return new ModelRegistry(scanned, models, problems);
    }

    /// <summary>The default folders: the bundled <c>models/</c> folder (see <see cref="FindBundledFolder"/>), the
    /// folders in <c>$SEMSR_MODELS</c> and, when it exists, the <see cref="UserFolder"/> that fine-tuned models go to.</summary>
    public static IReadOnlyList<string> DefaultFolders()
    {
        var folders = new List<string>();
        if (FindBundledFolder() is { } bundled)
            folders.Add(bundled);
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } extra)
            folders.AddRange(extra.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (Directory.Exists(UserFolder()))
            folders.Add(UserFolder());
        return folders;
    }

    /// <summary>The user's own model folder, <c>$XDG_DATA_HOME/SemSrDashboard/models</c>
    /// (<c>~/.local/share/SemSrDashboard/models</c>): where <c>models finetune</c> writes by default.</summary>
    public static string UserFolder()
    {
        string dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "SemSrDashboard", "models");
    }

    /// <summary>Walks up from <see cref="AppContext.BaseDirectory"/> and then from the current directory to the
    /// first folder with a <c>models/</c> sub-folder holding <c>*.card.json</c> files; null if there is none.</summary>
    public static string? FindBundledFolder(params string[] startFolders)
    {
        IEnumerable<string> starts = startFolders.Length > 0 ? startFolders : [AppContext.BaseDirectory, Directory.GetCurrentDirectory()];
        foreach (string start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "models");
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.card.json").Any())
                    return candidate;
            }
        }
        return null;
    }

    private static void ScanFolder(string folder, List<RegisteredModel> models, List<ModelProblem> problems)
    {
        var onnxFiles = Directory.EnumerateFiles(folder, "*.onnx").Order(StringComparer.Ordinal).ToList();
        foreach (string cardPath in Directory.EnumerateFiles(folder, "*.card.json").Order(StringComparer.Ordinal))
        {
            string stem = Path.GetFileName(cardPath)[..^".card.json".Length];
            if (!File.Exists(Path.Combine(folder, stem + ".onnx")))
                problems.Add(new ModelProblem(cardPath, $"card without a model: {stem}.onnx not found"));
        }

        foreach (string onnxPath in onnxFiles)
        {
            string id = Path.GetFileNameWithoutExtension(onnxPath);
            try
            {
                if (Inspect(onnxPath, id) is { } model)
                {
                    if (MethodIds.IsInterpolation(model.Id))
                        problems.Add(new ModelProblem(onnxPath, $"id '{model.Id}' is the name of an interpolation"));
                    else if (models.FirstOrDefault(m => m.Id == model.Id) is { } first)
                        problems.Add(new ModelProblem(onnxPath, $"duplicate id '{model.Id}': already offered from {first.OnnxPath}"));
                    else
                        models.Add(model);
                }
            }
            catch (ModelRejectedException e)
            {
                problems.Add(new ModelProblem(onnxPath, e.Message));
            }
            catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problems.Add(new ModelProblem(onnxPath, ExecutionProviders.FirstLine(e.Message)));
            }
        }
    }

    /// <summary>Loads one ONNX file, checks it against its card (or infers one) and returns the model.</summary>
    private static RegisteredModel? Inspect(string onnxPath, string id)
    {
        string cardPath = Path.Combine(Path.GetDirectoryName(onnxPath)!, ModelCard.FileNameFor(id));
        ModelCard? card = null;
        if (File.Exists(cardPath))
        {
            try
            {
                card = ModelCard.Load(cardPath);
            }
            catch (InvalidDataException e)
            {
                throw new ModelRejectedException($"bad card: {e.Message.Replace(cardPath + ": ", "")}");
            }
            if (card.Id != id)
                throw new ModelRejectedException($"card id '{card.Id}' differs from the file name '{id}'");
        }

        string sha256 = Sha256Of(onnxPath);
        if (card is not null && !string.Equals(card.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
            throw new ModelRejectedException(
                $"sha256 mismatch: the card says {card.Sha256}, the file is {sha256} (restore the file or update the card)");

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1 };
        var inference = LoadSession(onnxPath, options);
        OnnxModelSession opened;
        try
        {
            opened = new OnnxModelSession(inference, Devices.CpuProvider, onnxPath);
        }
        catch (InvalidDataException e)
        {
            inference.Dispose();
            throw new ModelRejectedException(e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        }
        using var session = opened;
        var inputType = inference.InputMetadata[session.InputName];
        if (inputType.ElementType != typeof(float) || inputType.Dimensions.Length != 4)
            throw new ModelRejectedException(
                $"input '{session.InputName}' is {inputType.ElementType.Name} [{string.Join(", ", inputType.Dimensions)}], expected float32 [1, C, H, W]");
        int declaredChannels = inputType.Dimensions[1];
        if (declaredChannels > 0 && declaredChannels is not (1 or 3))
            throw new ModelRejectedException($"input has {declaredChannels} channels; 1 (grey) or 3 (RGB) are supported");

        if (card is not null)
        {
            if (declaredChannels > 0 && declaredChannels != card.Channels)
                throw new ModelRejectedException($"input has {declaredChannels} channels; the card says {card.Channels}");
            return new RegisteredModel(card, onnxPath, cardPath);
        }

        int channels = declaredChannels > 0 ? declaredChannels : 3;
        var probe = new PlanarTensor(Enumerable.Repeat(0.5f, channels * ProbeSize * ProbeSize).ToArray(), channels, ProbeSize, ProbeSize);
        PlanarTensor output;
        try
        {
            output = session.Run(probe);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelRejectedException($"no card, and a probe run on [1, {channels}, {ProbeSize}, {ProbeSize}] failed: {ExecutionProviders.FirstLine(e.Message)}");
        }
        if (output.Channels != channels)
            throw new ModelRejectedException($"no card, and the output has {output.Channels} channels for {channels} in");
        if (output.Width % ProbeSize != 0 || output.Height != output.Width || output.Width < 2 * ProbeSize)
            throw new ModelRejectedException(
                $"no card, and a {ProbeSize}×{ProbeSize} input gave {output.Width}×{output.Height}: not an integer upscaling");
        int scale = output.Width / ProbeSize;
        var inferred = new ModelCard(id, $"{id} (no card)", "unknown", scale, channels, [0, 1], [0, 1], "unknown", 0,
            "unknown", "unknown", "unknown", sha256.ToLowerInvariant(),
            $"No {ModelCard.FileNameFor(id)} was found: scale {scale} and {channels} channel(s) were read from a probe run on a " +
            $"{ProbeSize}×{ProbeSize} input; input and output ranges [0, 1] are assumed, not verified; parameter count not determined.",
            Inferred: true);
        return new RegisteredModel(inferred, onnxPath, null);
    }

    private static InferenceSession LoadSession(string onnxPath, SessionOptions options)
    {
        try
        {
            return new InferenceSession(onnxPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelRejectedException($"not a loadable ONNX model: {ExecutionProviders.FirstLine(e.Message)}");
        }
    }

    /// <summary>Lower-case hex SHA-256 of a file (cached per path, size and modification time).</summary>
    public static string Sha256Of(string path)
    {
        var info = new FileInfo(path);
        return HashCache.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc), _ =>
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }

    private sealed class ModelRejectedException(string message) : Exception(message);
}
