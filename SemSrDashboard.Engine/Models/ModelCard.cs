using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemSrDashboard.Engine.Models;

/// <summary>
/// Describes one bundled super-resolution network: what it is, where it came from, how to feed it and how to
/// read its output. Stored as <c>&lt;id&gt;.card.json</c> next to <c>&lt;id&gt;.onnx</c>; the schema is documented in
/// <c>docs/model-card.md</c>.
/// </summary>
/// <param name="Id">File-name stem of the ONNX file and the card (e.g. <c>rrdn-thick-x4</c>).</param>
/// <param name="DisplayName">Human-readable name.</param>
/// <param name="Architecture">Network family, e.g. <c>RRDN</c> or <c>RDN</c>.</param>
/// <param name="Scale">Upscaling factor (output side = input side × scale).</param>
/// <param name="Channels">Colour channels of input and output (3 = RGB; grey images are replicated).</param>
/// <param name="InputRange">[min, max] of the values the network expects for black and white.</param>
/// <param name="OutputRange">[min, max] of the values the network produces for black and white (clip to it).</param>
/// <param name="TrainingData">Data set the weights were trained on.</param>
/// <param name="ParameterCount">Number of trained weights (kernels and biases).</param>
/// <param name="SourcePackage">Where the weights came from (e.g. an npm package name).</param>
/// <param name="SourceVersion">Version of <paramref name="SourcePackage"/>.</param>
/// <param name="Licence">SPDX licence identifier of the weights.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the ONNX file.</param>
/// <param name="Notes">Free text: how the ranges were established, conversion details, caveats.</param>
/// <param name="Inferred">True when the ranges or other fields are guesses that were not verified.</param>
/// <param name="Lineage">For a model fine-tuned here: its base model, data, split and training settings; else null
/// (and absent from the JSON).</param>
/// <param name="Quantization">For an int8 variant made here: its base model, calibration data, method and accuracy
/// change; else null (and absent from the JSON).</param>
public sealed record ModelCard(
    string Id,
    string DisplayName,
    string Architecture,
    int Scale,
    int Channels,
    double[] InputRange,
    double[] OutputRange,
    string TrainingData,
    long ParameterCount,
    string SourcePackage,
    string SourceVersion,
    string Licence,
    string Sha256,
    string Notes,
    bool Inferred,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModelLineage? Lineage = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModelQuantization? Quantization = null)
{
    /// <summary>Conventional file name of the card for a model id.</summary>
    public static string FileNameFor(string id) => id + ".card.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Serialises the card as indented camelCase JSON (with a trailing newline).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    /// <summary>Parses and validates a card.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed or a required field is missing or invalid.</exception>
    public static ModelCard FromJson(string json)
    {
        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Model card is not valid JSON: {ex.Message}", ex);
        }
        if (card is null)
            throw new InvalidDataException("Model card is empty.");
        card.Validate();
        return card;
    }

    /// <summary>Reads a card from disk.</summary>
    public static ModelCard Load(string path)
    {
        try
        {
            return FromJson(File.ReadAllText(path));
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the card to disk (atomically: a temporary file is moved into place).</summary>
    public void Save(string path)
    {
        Validate();
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        File.WriteAllText(temp, ToJson());
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Maps a grey level 0–255 to the network's input range.</summary>
    public float ToInput(double grey) => (float)(InputRange[0] + grey / 255.0 * (InputRange[1] - InputRange[0]));

    /// <summary>Maps a network output value to grey levels 0–255 (unclipped).</summary>
    public double ToGray(float output) => (output - OutputRange[0]) / (OutputRange[1] - OutputRange[0]) * 255.0;

    /// <summary>Value equality, comparing the ranges element by element.</summary>
    public bool Equals(ModelCard? other) =>
        other is not null
        && Id == other.Id && DisplayName == other.DisplayName && Architecture == other.Architecture
        && Scale == other.Scale && Channels == other.Channels
        && InputRange.SequenceEqual(other.InputRange) && OutputRange.SequenceEqual(other.OutputRange)
        && TrainingData == other.TrainingData && ParameterCount == other.ParameterCount
        && SourcePackage == other.SourcePackage && SourceVersion == other.SourceVersion && Licence == other.Licence
        && Sha256 == other.Sha256 && Notes == other.Notes && Inferred == other.Inferred
        && Equals(Lineage, other.Lineage) && Equals(Quantization, other.Quantization);

    public override int GetHashCode() => HashCode.Combine(Id, Sha256, ParameterCount);

    /// <summary>Throws when a field is missing or out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new InvalidDataException(message);
        }

        Require(!string.IsNullOrWhiteSpace(Id), "Model card has no id.");
        Require(!string.IsNullOrWhiteSpace(DisplayName), $"Model card '{Id}' has no displayName.");
        Require(!string.IsNullOrWhiteSpace(Architecture), $"Model card '{Id}' has no architecture.");
        Require(Scale >= 1, $"Model card '{Id}' has scale {Scale}; expected 1 or more.");
        Require(Channels is 1 or 3, $"Model card '{Id}' has {Channels} channels; expected 1 or 3.");
        Require(InputRange is { Length: 2 } && InputRange[1] > InputRange[0],
            $"Model card '{Id}' needs inputRange [min, max] with max > min.");
        Require(OutputRange is { Length: 2 } && OutputRange[1] > OutputRange[0],
            $"Model card '{Id}' needs outputRange [min, max] with max > min.");
        Require(ParameterCount >= 0, $"Model card '{Id}' has a negative parameterCount.");
        Require(Sha256 is { Length: 64 } && Sha256.All(Uri.IsHexDigit),
            $"Model card '{Id}' needs sha256 as 64 hex digits.");
        Require(TrainingData is not null && SourcePackage is not null && SourceVersion is not null
                && Licence is not null && Notes is not null,
            $"Model card '{Id}' lacks one of trainingData, sourcePackage, sourceVersion, licence, notes.");
        if (Lineage is { } lineage)
            Require(lineage.TrainImages is not null && lineage.HeldOutImages is not null
                    && !lineage.TrainImages.Intersect(lineage.HeldOutImages, StringComparer.Ordinal).Any(),
                $"Model card '{Id}' has a lineage whose train_images and held_out_images are missing or overlap.");
        if (Quantization is { } quantization)
            Require(quantization.CalibrationImages is { Count: > 0 } && quantization.HeldOutImages is { Count: > 0 }
                    && !quantization.CalibrationImages.Intersect(quantization.HeldOutImages, StringComparer.Ordinal).Any(),
                $"Model card '{Id}' has a quantization whose calibration_images and held_out_images are missing, empty or overlap.");
    }
}
