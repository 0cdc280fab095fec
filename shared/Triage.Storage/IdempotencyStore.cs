using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace Triage.Storage;

/// <summary>
/// Table <c>Idempotency</c>: scope (a partner, or <c>contributions</c>) / sha256(key) → the resource the
/// key stands for (a request id, or a fund id) + body hash. Insert-only, so the first
/// submission with a key wins and every retry finds its claim. Only the key's hash is stored.
/// </summary>
public sealed class IdempotencyStore
{
    private readonly TableClient table;

    public IdempotencyStore(StorageClients storage)
    {
        table = storage.Table(storage.Names.Idempotency);
    }

    /// <summary>Claims the partner's key for <paramref name="claim"/> if nobody has; returns the claim
    /// that holds (ours, or the earlier one).</summary>
    public async Task<(bool Won, IdempotencyClaim Holding)> TryClaimAsync(string partner, string key, IdempotencyClaim claim, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = new TableEntity(partner, Hash(key)) { ["RequestId"] = claim.ResourceId, ["BodyHash"] = claim.BodyHash, ["At"] = at };
        if (await table.TryAddAsync(row, cancellationToken))
        {
            return (true, claim);
        }

        var existing = await FindAsync(partner, key, cancellationToken)
            ?? throw new InvalidOperationException("An idempotency row vanished from an insert-only table.");
        return (false, existing);
    }

    /// <summary>The claim that holds the partner's key, or null when nobody has claimed it (one point read).</summary>
    public async Task<IdempotencyClaim?> FindAsync(string partner, string key, CancellationToken cancellationToken) =>
        await table.FindAsync(partner, Hash(key), cancellationToken) is { } row
            ? new IdempotencyClaim(row.GetString("RequestId") ?? "", row.GetString("BodyHash") ?? "")
            : null;

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text: how keys, bodies and tokens are stored.</summary>
    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
