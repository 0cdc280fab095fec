using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Application.Orchestration;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>A contribution to a fund, its amount already checked by the API (a positive whole number
/// of euros), recorded by <c>RecordedBy</c>. <c>IdempotencyKey</c> makes a retried call count once.</summary>
public sealed record ContributionCommand(string FundId, ContributionInput Input, string RecordedBy, string? IdempotencyKey = null);

/// <summary>What recording a contribution answered: the fund right after the contribution (the same
/// on every retry with the key), or the refusal.</summary>
public sealed record ContributionResult(CommandResult Outcome, FundView? Fund = null)
{
    public bool Succeeded => Outcome.Succeeded;

    public CommandStatus Status => Outcome.Status;
}

/// <summary>
/// Records a contribution (ledger entry + capacity, one transaction), then wakes the requests waiting for
/// funds that this fund may pay for, oldest first. An unknown fund is not found.
/// <para>With an idempotency key: the key is claimed in <c>Idempotency</c> (partition
/// <c>contributions</c>, so a key names one contribution whatever the fund) with the hash of the fund and
/// body; the same key with another fund or body is a conflict. The ledger row's key is made from the
/// key too, so a retry can never be counted twice, even when two calls race past the claim; and it
/// holds the fund's balance right after the contribution, which is the answer every time.</para>
/// <para>Waking is best effort, after the money is recorded: a failure to wake is logged, never a
/// failed call (which a client would retry), and a retry wakes again.</para>
/// </summary>
public sealed class RecordContribution
{
    /// <summary>The <c>Idempotency</c> partition of contribution keys (partners' partitions are their
    /// three-letter codes in capitals, so the two never meet).</summary>
    public const string IdempotencyScope = "contributions";

    private readonly FundLedgerStore ledger;
    private readonly IdempotencyStore idempotency;
    private readonly ReferenceDataProvider reference;
    private readonly WaitingRequests waiting;
    private readonly TimeProvider clock;
    private readonly ILogger<RecordContribution> logger;

    public RecordContribution(FundLedgerStore ledger, IdempotencyStore idempotency, ReferenceDataProvider reference, WaitingRequests waiting, TimeProvider clock, ILogger<RecordContribution> logger)
    {
        this.ledger = ledger;
        this.idempotency = idempotency;
        this.reference = reference;
        this.waiting = waiting;
        this.clock = clock;
        this.logger = logger;
    }

    public async Task<ContributionResult> RunAsync(ContributionCommand command, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (await ledger.GetBalanceAsync(command.FundId, cancellationToken) is null)
        {
            return new ContributionResult(new CommandResult(CommandStatus.NotFound, "UNKNOWN_FUND", $"No fund {command.FundId}."));
        }

        var at = clock.GetUtcNow();
        var input = command.Input;
        var contributionId = $"{at.UtcTicks:D19}-{Guid.NewGuid():N}";
        if (!string.IsNullOrEmpty(command.IdempotencyKey))
        {
            var bodyHash = IdempotencyStore.Hash(string.Join('\n', command.FundId, input.AmountEur.ToString(CultureInfo.InvariantCulture), input.Contributor, input.Note ?? "\0"));
            var (won, holding) = await idempotency.TryClaimAsync(IdempotencyScope, command.IdempotencyKey, new IdempotencyClaim(command.FundId, bodyHash), at, cancellationToken);
            if (!won && (holding.ResourceId != command.FundId || holding.BodyHash != bodyHash))
            {
                return KeyReused();
            }

            contributionId = "key-" + IdempotencyStore.Hash(command.IdempotencyKey);
        }

        var applied = await ledger.ContributeAsync(command.FundId, contributionId, input.AmountEur, input.Contributor, command.RecordedBy, input.Note, at, cancellationToken);
        switch (applied)
        {
            case LedgerApply.Conflict:
                return KeyReused();
            case LedgerApply.Refused:
                return new ContributionResult(new CommandResult(CommandStatus.NotFound, "UNKNOWN_FUND", $"No fund {command.FundId}."));
        }

        var entry = await ledger.GetContributionAsync(command.FundId, contributionId, cancellationToken);
        var balance = entry?.BalanceAfter ?? await ledger.GetBalanceAsync(command.FundId, cancellationToken);
        await WakeAsync(client, command.FundId, cancellationToken);
        return new ContributionResult(CommandResult.Ok, balance is null ? null : View(balance));
    }

    private async Task WakeAsync(DurableTaskClient client, string fundId, CancellationToken cancellationToken)
    {
        try
        {
            await waiting.WakeAsync(client, [fundId], null, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The money is recorded; the waiting requests also wake on the next change of funds.
            logger.LogWarning(ex, "The contribution to {FundId} is recorded, but waking the requests waiting for funds failed", fundId);
        }
    }

    private FundView View(FundBalanceRow b)
    {
        var fund = reference.Data.FindFund(b.FundId);
        return new FundView(b.FundId, fund?.Name ?? b.FundId, fund?.LeadNations ?? [], b.CapacityEur, b.ReservedEur, b.CommittedEur, b.AvailableEur);
    }

    private static ContributionResult KeyReused() =>
        new(new CommandResult(CommandStatus.Conflict, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used before with a different fund or contribution."));
}
