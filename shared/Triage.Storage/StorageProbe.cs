namespace Triage.Storage;

/// <summary>Whether storage answers, for the health check: lists at most one table, which proves the
/// account is reachable and the credential may read it, and costs one small request.</summary>
public sealed class StorageProbe
{
    private readonly StorageClients storage;

    public StorageProbe(StorageClients storage)
    {
        this.storage = storage;
    }

    /// <summary>Completes when storage answered; throws when it did not.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in storage.TableService.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
        {
            break;
        }
    }
}
