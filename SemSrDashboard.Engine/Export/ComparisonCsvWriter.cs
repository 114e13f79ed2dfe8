using System.Globalization;
using System.Text;
using SemSrDashboard.Engine.Statistics;

namespace SemSrDashboard.Engine.Export;

/// <summary>
/// Writes <see cref="ComparisonRow"/>s as RFC 4180 CSV: header
/// <see cref="ComparisonRow.Columns"/>, "\n" line ends, invariant culture,
/// doubles in shortest round-trip form ("R"), non-finite values as
/// <c>inf</c>, <c>-inf</c>, <c>nan</c>; text fields quoted only when they
/// contain a comma, quote, CR or LF.
/// </summary>
public static class ComparisonCsvWriter
{
    /// <summary>Writes the header and rows to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, IEnumerable<ComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write(string.Join(",", ComparisonRow.Columns));
        writer.Write('\n');
        foreach (ComparisonRow r in rows)
        {
            string[] fields =
            [
                Text(r.Run), Text(r.Model), Text(r.Baseline), Text(r.Category), Text(r.Metric),
                r.N.ToString(CultureInfo.InvariantCulture), r.NExcluded.ToString(CultureInfo.InvariantCulture),
                Number(r.BaselineMean), Number(r.ModelMean), Number(r.DiffMean), Number(r.DiffSd),
                Number(r.CiLow), Number(r.CiHigh), Number(r.CohenDz), Number(r.PPaired), Number(r.PWelch),
                Number(r.PStudent), Number(r.PWilcoxon), Text(r.WilcoxonMethod), Number(r.PPairedHolm), Text(r.Note),
            ];
            writer.Write(string.Join(",", fields));
            writer.Write('\n');
        }
    }

    /// <summary>The CSV document as a string.</summary>
    public static string ToCsv(IEnumerable<ComparisonRow> rows)
    {
        var sb = new StringBuilder();
        using (var w = new StringWriter(sb, CultureInfo.InvariantCulture))
        {
            Write(w, rows);
        }
        return sb.ToString();
    }

    /// <summary>Round-trip text of a double: <c>nan</c>, <c>inf</c>, <c>-inf</c> or invariant "R".</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(string? value)
    {
        value ??= "";
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
