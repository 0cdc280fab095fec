using System.Globalization;
using Azure.Data.Tables;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>A stored timeline entry, its parts apart (<see cref="TimelineStore.ListEntriesAsync"/>).</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Detail, string? Actor, string? Comment)
{
    /// <summary>The entry as staff see it: the detail, the comment and who acted.</summary>
    public TimelineEntryView ToView() =>
        new(At, Kind, Detail + (string.IsNullOrEmpty(Comment) ? "" : $": {Comment}") + (Actor is null ? "" : $" (by {Actor})"));
}
