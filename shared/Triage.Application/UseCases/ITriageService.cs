using Triage.Contracts;
using Triage.Domain;

namespace Triage.Application.UseCases;

/// <summary>
/// The application service both hosts' HTTP handlers and queue handlers call. Authorization (who may
/// call what, and which partner a caller is) is decided by the API layer before it calls in; this
/// service enforces the workflow's own rules (the request is at that step, the first decision wins).
/// </summary>
public interface ITriageService
{
    /// <summary>Eligibility, estimate and whether funds could cover it now. Writes nothing.</summary>
    Task<QuoteView> QuoteAsync(string partner, SubmitRequestInput input, CancellationToken cancellationToken);

    /// <summary>Records the request and starts its orchestration (instance id = request id).
    /// The same idempotency key from the same partner returns the existing request.</summary>
    Task<SubmitResult> SubmitAsync(string partner, SubmitRequestInput input, string? idempotencyKey, CancellationToken cancellationToken);

    Task<RequestView?> GetAsync(string requestId, CancellationToken cancellationToken);

    Task<RequestPage> ListAsync(RequestQuery query, CancellationToken cancellationToken);

    /// <summary>Withdraws an open request of this partner.</summary>
    Task<CommandResult> WithdrawAsync(string requestId, string partner, CancellationToken cancellationToken);

    /// <summary>Checks and records a decision, then raises it on the orchestration. Refusals are on
    /// the request's timeline.</summary>
    Task<CommandResult> DecideAsync(DecisionCommand command, CancellationToken cancellationToken);

    Task<IReadOnlyList<FundView>> ListFundsAsync(CancellationToken cancellationToken);

    /// <summary>Records a contribution (ledger entry + capacity) and wakes waiting requests, oldest first.</summary>
    Task<CommandResult> ContributeAsync(string fundId, ContributionInput input, string recordedBy, CancellationToken cancellationToken);

    Task<DemandReport> DemandAsync(CancellationToken cancellationToken);

    /// <summary>After an admin terminated a request's orchestration (or it failed outside the workflow's
    /// own handling): releases what the request still holds, wakes requests waiting for that money, and
    /// records the outcome <c>Failed</c>. Refused (409) while the instance is still running or suspended;
    /// a no-op for a request that has its outcome.</summary>
    Task<CommandResult> ReconcileAsync(string requestId, string by, CancellationToken cancellationToken);
}

public enum SubmitStatus
{
    /// <summary>A new request was recorded and its orchestration started (HTTP 202).</summary>
    Created,

    /// <summary>The idempotency key was seen before with the same body (HTTP 200, same request).</summary>
    Existing,

    /// <summary>The idempotency key was seen before with a different body (HTTP 409).</summary>
    KeyConflict,
}

public sealed record SubmitResult(SubmitStatus Status, string RequestId, Stage Stage);

public enum CommandStatus
{
    Accepted,
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

/// <summary>The result of a command; a refusal carries a reason code and a message for the problem body.</summary>
public sealed record CommandResult(CommandStatus Status, string? Reason = null, string? Message = null)
{
    public static readonly CommandResult Ok = new(CommandStatus.Accepted);

    public bool Succeeded => Status == CommandStatus.Accepted;
}

/// <summary>
/// Makes the application service for a given Durable Task client. The client is not a DI service in
/// the Azure Functions isolated worker (it arrives through the <c>[DurableClient]</c> binding of each
/// trigger), so both hosts pass the client they have: the self-host its singleton, the Functions app
/// the bound one.
/// </summary>
public interface ITriageServiceFactory
{
    ITriageService Create(Microsoft.DurableTask.Client.DurableTaskClient client);
}
