using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>
/// Table <c>Decisions</c>, partition = request id, keys by <see cref="StepKey"/> (the step, with
/// <c>@{generation}</c> from the first restart on):
/// <list type="bullet">
/// <item><c>RowKey = step key</c>: the decision, insert-only, so the first one for a step of an
/// execution wins and every later one (a duplicate, the other channel, the deadline) finds it there;</item>
/// <item><c>RowKey = "token:{step key}:{sha256 hex}"</c>: a one-time decision token sent with a
/// notification. Only the hash is stored; a token is used once the step has its decision.</item>
/// </list>
/// A restarted execution has its own keys, so its approvers decide again and the earlier execution's
/// decisions and tokens stay as they were (nothing is ever updated or deleted).
/// </summary>
public sealed class DecisionStore
{
    private readonly TableClient decisions;

    public DecisionStore(StorageClients storage)
    {
        decisions = storage.Table(storage.Names.Decisions);
    }

    /// <summary>The key of a step in one execution: the step itself for the first (as before restarts
    /// had their own decisions), <c>{step}@{generation}</c> after a restart.</summary>
    public static string StepKey(string step, int generation) =>
        generation == 0 ? step : step + "@" + generation.ToString(CultureInfo.InvariantCulture);

    public static string HashToken(string token) =>
        IdempotencyStore.Hash(token);

    /// <summary>A fresh random token (256 bits, URL-safe).</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Issues a token for a step of an execution and stores its hash. Each notification (first,
    /// reminder, a retried activity) gets its own; any of them decides the step once.</summary>
    public async Task<string> IssueTokenAsync(string requestId, string step, int generation, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var token = NewToken();
        await decisions.AddEntityAsync(
            new TableEntity(requestId, TokenKey(step, generation, token)) { ["Step"] = step, ["Generation"] = generation, ["Deadline"] = deadline },
            cancellationToken);
        return token;
    }

    public async Task<bool> TokenMatchesAsync(string requestId, string step, int generation, string token, CancellationToken cancellationToken) =>
        TableExtensions.IsValidKey(requestId) && TableExtensions.IsValidKey(step)
        && await decisions.FindAsync(requestId, TokenKey(step, generation, token), cancellationToken) is not null;

    /// <summary>Records the decision if the step has none in its execution; returns the one that holds
    /// (ours or the earlier one).</summary>
    public async Task<(bool Won, StepDecision Holding)> TryDecideAsync(StepDecision decision, CancellationToken cancellationToken)
    {
        var e = new TableEntity(decision.RequestId, StepKey(decision.Step, decision.Generation))
        {
            ["Step"] = decision.Step,
            ["Generation"] = decision.Generation,
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

        return (false, await GetAsync(decision.RequestId, decision.Step, decision.Generation, cancellationToken)
            ?? throw new InvalidOperationException("A decision row vanished from an insert-only table."));
    }

    /// <summary>The decision of a step in an execution, or null while it has none.</summary>
    public async Task<StepDecision?> GetAsync(string requestId, string step, int generation, CancellationToken cancellationToken)
    {
        if (!TableExtensions.IsValidKey(requestId) || !TableExtensions.IsValidKey(step))
        {
            return null;
        }

        var e = await decisions.FindAsync(requestId, StepKey(step, generation), cancellationToken);
        return e is null ? null : ToDecision(e, step, generation);
    }

    private static string TokenKey(string step, int generation, string token) => $"token:{StepKey(step, generation)}:{HashToken(token)}";

    private static StepDecision ToDecision(TableEntity e, string step, int generation) => new(
        e.PartitionKey,
        step,
        DecisionWords.Parse(e.GetString("Decision")) ?? throw new InvalidOperationException($"Decision row {e.PartitionKey}/{e.RowKey} holds no decision."),
        e.GetString("Approver") ?? "",
        e.GetString("Comment"),
        e.GetString("Channel") ?? "",
        e.GetDateTimeOffset("At") ?? default,
        generation);
}
