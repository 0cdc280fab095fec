using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>
/// Table <c>ReservationRounds</c>: partition = request id, row = the round (<c>D3</c>). A round is
/// claimed by inserting its row with the plan it reserves (insert-only: of two copies of the reserve
/// activity, one claims round N and the other helps reserve that same plan, never a plan of its own
/// under the same round), and concluded once, under the row's ETag, as complete or abandoned: whichever
/// copy concludes first decides, so a round cannot be both. A round is only claimed after the one
/// before it was abandoned, so at most one round per request is ever complete (docs/decisions/0016).
/// </summary>
public sealed class ReservationRoundStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient table;

    public ReservationRoundStore(StorageClients storage)
    {
        table = storage.Table(storage.Names.ReservationRounds);
    }

    public static string RowKey(int round) => round.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>The request's rounds, oldest first, by point reads of round 1, 2, … until two in a row are
    /// missing: rounds are claimed one after another (the next only after the one before it was
    /// abandoned), skipping at most one number (that of money found outside any round). A query of the
    /// request's partition would scan the whole table on Azurite.</summary>
    public async Task<IReadOnlyList<ReservationRound>> ListAsync(string requestId, CancellationToken cancellationToken)
    {
        var rounds = new List<ReservationRound>();
        for (var (number, misses) = (1, 0); misses < 2; number++)
        {
            if (await GetAsync(requestId, number, cancellationToken) is { } round)
            {
                rounds.Add(round);
                misses = 0;
            }
            else
            {
                misses++;
            }
        }

        return rounds;
    }

    public async Task<ReservationRound?> GetAsync(string requestId, int round, CancellationToken cancellationToken) =>
        TableExtensions.IsValidKey(requestId) && await table.FindAsync(requestId, RowKey(round), cancellationToken) is { } e ? ToRound(e) : null;

    /// <summary>Claims round <paramref name="round"/> for <paramref name="plan"/>; false when it was
    /// claimed already (by another copy, with its own plan: read it and help).</summary>
    public Task<bool> TryClaimAsync(string requestId, int round, IReadOnlyList<PlanLineView> plan, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = new TableEntity(requestId, RowKey(round))
        {
            ["Round"] = round,
            ["PlanJson"] = JsonSerializer.Serialize(plan, Json),
            ["PlanTotalEur"] = TableExtensions.ToEur(plan.Sum(p => p.AmountEur)),
            ["PlanFunds"] = plan.Count,
            ["State"] = nameof(RoundState.Claimed),
            ["ClaimedAt"] = at,
        };
        return table.TryAddAsync(row, cancellationToken);
    }

    /// <summary>Concludes a claimed round as <paramref name="wanted"/> (complete or abandoned) unless it
    /// is concluded already; returns the state it ends in, which is the first conclusion written.</summary>
    public async Task<RoundState> ConcludeAsync(string requestId, int round, RoundState wanted, CancellationToken cancellationToken)
    {
        if (wanted == RoundState.Claimed)
        {
            throw new ArgumentOutOfRangeException(nameof(wanted), wanted, "A round concludes as complete or abandoned.");
        }

        for (var attempt = 0; ; attempt++)
        {
            var current = await table.FindAsync(requestId, RowKey(round), cancellationToken)
                ?? throw new InvalidOperationException($"Request {requestId} has no round {round} to conclude.");

            var state = StateOf(current);
            if (state != RoundState.Claimed)
            {
                return state;
            }

            var update = new TableEntity(requestId, RowKey(round)) { ["State"] = wanted.ToString(), ["ConcludedAt"] = DateTimeOffset.UtcNow };
            try
            {
                await table.UpdateEntityAsync(update, current.ETag, TableUpdateMode.Merge, cancellationToken);
                return wanted;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 20)
            {
                // Another copy concluded it (or touched it) first: read what it decided.
            }
        }
    }

    private static RoundState StateOf(TableEntity e) =>
        Enum.TryParse<RoundState>(e.GetString("State"), out var state) ? state : RoundState.Claimed;

    private static ReservationRound ToRound(TableEntity e) => new(
        e.PartitionKey,
        e.GetInt32("Round") ?? int.Parse(e.RowKey, CultureInfo.InvariantCulture),
        JsonSerializer.Deserialize<List<PlanLineView>>(e.GetString("PlanJson") ?? "[]", Json) ?? [],
        StateOf(e),
        e.GetDateTimeOffset("ClaimedAt") ?? default);
}
