namespace SemSrDashboard.Model;

/// <summary>Orders paths as people read them: runs of digits compare by their value ("img9" before "img13"), other
/// text ordinally; equal values with different zero padding ("07", "7") fall back to ordinal order, so the order is
/// total and stable. For display only: exports keep ordinal path order.</summary>
public sealed class NaturalPathComparer : IComparer<string>
{
    public static NaturalPathComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int endX = i, endY = j;
                while (endX < x.Length && char.IsAsciiDigit(x[endX])) endX++;
                while (endY < y.Length && char.IsAsciiDigit(y[endY])) endY++;
                var digitsX = x.AsSpan(i, endX - i).TrimStart('0');
                var digitsY = y.AsSpan(j, endY - j).TrimStart('0');
                // More significant digits is a larger number; equal lengths compare digit by digit.
                int byValue = digitsX.Length != digitsY.Length ? digitsX.Length.CompareTo(digitsY.Length) : digitsX.SequenceCompareTo(digitsY);
                if (byValue != 0)
                    return byValue;
                i = endX;
                j = endY;
            }
            else
            {
                if (x[i] != y[j])
                    return x[i].CompareTo(y[j]);
                i++;
                j++;
            }
        }
        int byLength = (x.Length - i).CompareTo(y.Length - j);
        return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
    }
}
