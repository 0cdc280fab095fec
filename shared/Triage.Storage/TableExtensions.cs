using System.Globalization;
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

    /// <summary>The partition of a row keyed by an instant: its UTC day (<c>yyyyMMdd</c>).</summary>
    public static string DayKey(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>An instant as the sortable start of a row key (ticks, 19 digits).</summary>
    public static string TicksKey(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Up to <paramref name="max"/> rows of a table keyed by instant (partition <see cref="DayKey"/>,
    /// row key starting with <see cref="TicksKey"/>) whose instant is at or before <paramref name="upTo"/>,
    /// earliest first: those of earlier days, then that day's. Two range queries rather than one with
    /// <c>or</c>, which the table service would run as a scan.</summary>
    public static async Task<IReadOnlyList<TableEntity>> DueRowsAsync(this TableClient table, DateTimeOffset upTo, int max, CancellationToken cancellationToken)
    {
        var day = DayKey(upTo);
        var due = await QueryAsync(TableClient.CreateQueryFilter($"PartitionKey lt {day}"), max);
        return due.Count >= max
            ? due
            : [.. due, .. await QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {day} and RowKey lt {TicksKey(upTo.AddTicks(1))}"), max - due.Count)];

        async Task<IReadOnlyList<TableEntity>> QueryAsync(string filter, int limit)
        {
            var found = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken))
            {
                found.Add(e);
                if (found.Count >= limit)
                {
                    break;
                }
            }

            return found;
        }
    }

    /// <summary>Deletes a row; nothing when it is not there.</summary>
    public static async Task DeleteIfPresentAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Not there: nothing to remove.
        }
    }
}
