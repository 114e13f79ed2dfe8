using System.Text.RegularExpressions;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Tests.Architecture;

/// <summary>Status words, device words and interpolation ids are written once, in <c>Engine/Domain/</c>; production
/// code (Engine and web) names the constant. A literal that is exactly one of those words fails here. Help text and
/// messages that contain a word inside a longer sentence are not literals of the word and stay free.</summary>
public class VocabularyLiteralTests
{
    private static readonly string[] Words =
    [
        RunStatus.Queued, RunStatus.Running, RunStatus.Paused, RunStatus.Cancelled, RunStatus.Failed, RunStatus.Completed,
        ResultStatus.Ok, ResultStatus.Failed,
        Devices.Auto, Devices.Cpu, Devices.Cuda, Devices.CpuProvider, Devices.CudaProvider,
        .. MethodIds.Interpolations,
    ];

    /// <summary>Files that define the words, and the other vocabularies that happen to share a spelling.</summary>
    private static readonly (string File, string Word, string Why)[] Allowed =
    [
        ("SemSrDashboard.Engine/Domain/RunStatus.cs", "*", "the definition"),
        ("SemSrDashboard.Engine/Domain/ResultStatus.cs", "*", "the definition"),
        ("SemSrDashboard.Engine/Domain/Devices.cs", "*", "the definition"),
        ("SemSrDashboard.Engine/Domain/MethodIds.cs", "*", "the definition"),
        ("SemSrDashboard.Engine/Imaging/InfoBarSetting.cs", "auto", "the info-bar setting's own word, not a device"),
        ("SemSrDashboard.Engine/Domain/RunSettings.cs", "auto", "the info-bar default (Domain cannot name Imaging's InfoBarSetting)"),
        ("SemSrDashboard.Engine/Models/Import/KerasLayerTranslator.cs", "nearest", "the ONNX Resize mode attribute, not a method"),
        ("SemSrDashboard.Engine/Training/OnnxTorchTranslator.cs", "nearest", "the ONNX Resize mode attribute, not a method"),
    ];

    private static IEnumerable<string> ProductionFiles() =>
        new[] { "SemSrDashboard.Engine", "SemSrDashboard" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, project), "*.*", SearchOption.AllDirectories))
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal)
                && !path.Contains("/Migrations/", StringComparison.Ordinal));

    /// <summary>The exact-word string literals of one source (comments, razor comments included, removed first).</summary>
    internal static IEnumerable<string> WordLiterals(string source, IReadOnlyCollection<string> words)
    {
        string code = Regex.Replace(EngineSource.WithoutComments(source), @"@\*.*?\*@", "", RegexOptions.Singleline);
        return Regex.Matches(code, @"""([^""\\\n]*)""").Select(m => m.Groups[1].Value).Where(words.Contains);
    }

    [Fact]
    public void No_status_device_or_method_literal_outside_its_definition()
    {
        var found = ProductionFiles()
            .SelectMany(file => WordLiterals(File.ReadAllText(Path.Combine(RepositoryPaths.Root, file)), Words)
                .Where(word => !Allowed.Any(a => a.File == file && (a.Word == "*" || a.Word == word)))
                .Select(word => $"{file}: \"{word}\""))
            .Distinct()
            .ToList();
        Assert.True(found.Count == 0, "Use the constants in Engine/Domain instead of:\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_scan_sees_a_literal_and_ignores_comments_and_sentences()
    {
        const string source = "var a = \"running\"; // \"paused\"\n/* \"cuda\" */ var b = \"auto, cpu or cuda\"; @* \"bicubic\" *@";
        Assert.Equal(["running"], WordLiterals(source, Words));
    }

    [Fact]
    public void Every_allowance_still_names_an_existing_file()
    {
        var files = ProductionFiles().ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(Allowed, a => !files.Contains(a.File));
    }
}
