using System.Globalization;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>The audit log of the reference data, newest first: every version that was current, who wrote
/// it, when and what changed (<see cref="ReferenceDataStore.HistoryAsync"/>). The continuation is the
/// version the next page starts at.</summary>
public sealed class ListReferenceDataAudit
{
    private readonly ReferenceDataProvider reference;

    public ListReferenceDataAudit(ReferenceDataProvider reference)
    {
        this.reference = reference;
    }

    public async Task<AuditPage> RunAsync(int? from, int pageSize, CancellationToken cancellationToken)
    {
        var (items, next) = await reference.HistoryAsync(from, pageSize, cancellationToken);
        return new AuditPage(
            [.. items.Select(i => new AuditEntryView(i.Version, i.SavedAt, i.SavedBy, i.Change ?? i.Source, i.Summary))],
            next is { } n ? n.ToString(CultureInfo.InvariantCulture) : null);
    }
}
