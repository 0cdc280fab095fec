using Azure;
using Azure.Data.Tables;

namespace Triage.Storage;

/// <summary>Small helpers over Azure.Data.Tables that every store uses.</summary>
public static class TableExtensions
{
    /// <summary>Inserts an entity; false when it exists already (the insert-only "first wins" rule).</summary>
    public static async Task<bool> TryAddAsync(this TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public static async Task<TableEntity?> FindAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Whole euros as a table property (Int64); amounts are decimals everywhere else.</summary>
    public static long ToEur(decimal amount) => (long)decimal.Round(amount, 0, MidpointRounding.AwayFromZero);

    public static decimal Eur(this TableEntity entity, string property) => entity.GetInt64(property) ?? 0;

    /// <summary>True when a key contains nothing Table storage refuses in PartitionKey/RowKey.</summary>
    public static bool IsValidKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 255
        && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
