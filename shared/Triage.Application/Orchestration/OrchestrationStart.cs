using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>
/// How the app starts a request's orchestration: instance id = request id, and a start key, the
/// execution's generation, as a tag. Two starts with the same key are the same start: a submit retried
/// while its first attempt is still starting the orchestration, or two admins restarting a failed
/// request at once. The self-host's engine runs them as one execution (docs/decisions/0039).
/// </summary>
public static class OrchestrationStart
{
    /// <summary>The tag that carries a start's key.</summary>
    public const string KeyTag = "startKey";

    /// <summary>Starts the first execution of the request's orchestration: what a submit starts, and
    /// what the reconciler starts for a request whose start was lost.</summary>
    public static Task FirstAsync(DurableTaskClient client, RequestRecord record, ActivityRetry retry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var input = TriageInput.First(record, retry);
        return client.ScheduleNewOrchestrationInstanceAsync(nameof(TriageOrchestration), input, For(input), cancellationToken);
    }

    public static StartOrchestrationOptions For(TriageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new StartOrchestrationOptions(input.RequestId)
        {
            Tags = new Dictionary<string, string> { [KeyTag] = input.Generation.ToString(CultureInfo.InvariantCulture) },
        };
    }
}
