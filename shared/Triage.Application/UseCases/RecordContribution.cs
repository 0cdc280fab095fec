using Microsoft.DurableTask.Client;
using Triage.Application.Orchestration;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>A contribution to a fund, its amount already checked by the API (a positive whole number
/// of euros), recorded by <c>RecordedBy</c>.</summary>
public sealed record ContributionCommand(string FundId, ContributionInput Input, string RecordedBy);

/// <summary>Records a contribution (ledger entry + capacity) and wakes the requests waiting for funds
/// that this fund may pay for, oldest first. An unknown fund is not found.</summary>
public sealed class RecordContribution
{
    private readonly FundLedgerStore ledger;
    private readonly WaitingRequests waiting;
    private readonly TimeProvider clock;

    public RecordContribution(FundLedgerStore ledger, WaitingRequests waiting, TimeProvider clock)
    {
        this.ledger = ledger;
        this.waiting = waiting;
        this.clock = clock;
    }

    public async Task<CommandResult> RunAsync(ContributionCommand command, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (await ledger.GetBalanceAsync(command.FundId, cancellationToken) is null)
        {
            return new CommandResult(CommandStatus.NotFound, "UNKNOWN_FUND", $"No fund {command.FundId}.");
        }

        var at = clock.GetUtcNow();
        var contributionId = $"{at.UtcTicks:D19}-{Guid.NewGuid():N}";
        var input = command.Input;
        await ledger.ContributeAsync(command.FundId, contributionId, input.AmountEur, input.Contributor, command.RecordedBy, input.Note, at, cancellationToken);
        await waiting.WakeAsync(client, [command.FundId], null, cancellationToken);
        return CommandResult.Ok;
    }
}
