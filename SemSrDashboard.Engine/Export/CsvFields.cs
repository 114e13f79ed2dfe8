using System.Globalization;

namespace SemSrDashboard.Engine.Export;

/// <summary>How every CSV the product writes spells its fields: invariant culture, shortest round-trip numbers,
/// <c>inf</c>/<c>-inf</c>/<c>nan</c> for non-finite values, an empty field for a missing value, RFC 4180 quoting.</summary>
public static class CsvFields
{
    public static string Number(double? value) => value switch
    {
        null => "",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        double v when double.IsNaN(v) => "nan",
        double v => v.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string Integer(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Quotes a text field when it holds a comma, a quote or a line break.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>Parses a number as <see cref="Number"/> writes it.</summary>
    public static double? ParseNumber(string field) => field switch
    {
        "" => null,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    public static void WriteRow(TextWriter writer, IEnumerable<string> fields) =>
        writer.Write(string.Join(',', fields) + "\n");
}
