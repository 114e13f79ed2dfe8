using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Marks a stored time as UTC (every time the store writes is UTC; one read from SQLite has no kind).</summary>
public sealed class UtcKindConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    stored => DateTime.SpecifyKind(stored, DateTimeKind.Utc));
