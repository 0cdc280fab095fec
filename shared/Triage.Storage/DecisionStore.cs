using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>The decision that closed a step: a person's approve/reject, or the workflow's own
/// <c>expired</c> / <c>cancelled</c> when the deadline or a withdrawal got there first.</summary>
public sealed record StepDecision(string RequestId, string Step, Decision Decision, string Approver, string? Comment, string Channel, DateTimeOffset At);

/// <summary>
/// Table <c>Decisions</c>, partition = request id:
/// <list type="bullet">
/// <item><c>RowKey = step</c>: the decision, insert-only, so the first one for a step wins and every
/// later one (a duplicate, the other channel, the deadline) finds it there;</item>
/// <item><c>RowKey = "token:{step}:{sha256 hex}"</c>: a one-time decision token sent with a
/// notification. Only the hash is stored; a token is used once the step has its decision.</item>
/// </list>
/// Table <c>Approvers</c>: partition = approver id (lower case), row key = a step the approver holds.
/// </summary>
public sealed class DecisionStore
{
    /// <summary>The approvers seeded at start, so queue decisions work out of the box (see README).</summary>
    public static readonly IReadOnlyList<(string Approver, string Step)> SeedApprovers =
    [
        ("desk.officer@nato.int", "desk-officer"),
        ("asg.p@nato.int", "asg-p"),
        ("dsg@nato.int", "dsg"),
        ("political.adviser@nato.int", "political-review"),
    ];

    private readonly TableClient decisions;
    private readonly TableClient approvers;

    public DecisionStore(StorageClients storage)
    {
        decisions = storage.Table(storage.Names.Decisions);
        approvers = storage.Table(storage.Names.Approvers);
    }

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A fresh random token (256 bits, URL-safe).</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Issues a token for a step and stores its hash. Each notification (first, reminder, a
    /// retried activity) gets its own; any of them decides the step once.</summary>
    public async Task<string> IssueTokenAsync(string requestId, string step, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var token = NewToken();
        await decisions.AddEntityAsync(
            new TableEntity(requestId, $"token:{step}:{HashToken(token)}") { ["Step"] = step, ["Deadline"] = deadline },
            cancellationToken);
        return token;
    }

    public async Task<bool> TokenMatchesAsync(string requestId, string step, string token, CancellationToken cancellationToken) =>
        await decisions.FindAsync(requestId, $"token:{step}:{HashToken(token)}", cancellationToken) is not null;

    /// <summary>Records the decision if the step has none; returns the one that holds (ours or the earlier one).</summary>
    public async Task<(bool Won, StepDecision Holding)> TryDecideAsync(StepDecision decision, CancellationToken cancellationToken)
    {
        var e = new TableEntity(decision.RequestId, decision.Step)
        {
            ["Decision"] = decision.Decision.ToWire(),
            ["Approver"] = decision.Approver,
            ["Comment"] = decision.Comment,
            ["Channel"] = decision.Channel,
            ["At"] = decision.At,
        };
        if (await decisions.TryAddAsync(e, cancellationToken))
        {
            return (true, decision);
        }

        return (false, await GetAsync(decision.RequestId, decision.Step, cancellationToken)
            ?? throw new InvalidOperationException("A decision row vanished from an insert-only table."));
    }

    public async Task<StepDecision?> GetAsync(string requestId, string step, CancellationToken cancellationToken)
    {
        var e = await decisions.FindAsync(requestId, step, cancellationToken);
        return e is null ? null : ToDecision(e);
    }

    public async Task<bool> HoldsStepAsync(string approver, string step, CancellationToken cancellationToken) =>
        TableExtensions.IsValidKey(approver) && TableExtensions.IsValidKey(step)
        && await approvers.FindAsync(approver.ToLowerInvariant(), step, cancellationToken) is not null;

    public async Task SeedApproversAsync(CancellationToken cancellationToken)
    {
        foreach (var (approver, step) in SeedApprovers)
        {
            await approvers.TryAddAsync(new TableEntity(approver, step) { ["Seeded"] = true }, cancellationToken);
        }
    }

    private static StepDecision ToDecision(TableEntity e) => new(
        e.PartitionKey,
        e.RowKey,
        DecisionWords.Parse(e.GetString("Decision")) ?? throw new InvalidOperationException($"Decision row {e.PartitionKey}/{e.RowKey} holds no decision."),
        e.GetString("Approver") ?? "",
        e.GetString("Comment"),
        e.GetString("Channel") ?? "",
        e.GetDateTimeOffset("At") ?? default);
}
