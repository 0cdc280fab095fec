using Microsoft.DurableTask;

namespace Triage.LocalHost.Engine;

/// <summary>
/// Two small orchestrations that exercise the engine itself, registered only when
/// <c>Diagnostics:Enabled</c> is true (tests and the engine benchmark): a chain of activities,
/// and a wait for an external event raced against a durable timer.
/// </summary>
public static class EngineChecks
{
    public const string SignalEvent = "signal";

    public static DurableTaskRegistry AddEngineChecks(this DurableTaskRegistry registry) =>
        registry
            .AddOrchestrator<ChainOrchestration>()
            .AddOrchestrator<SignalOrDeadlineOrchestration>()
            .AddActivity<AppendActivity>();

    /// <summary>A chain of <paramref name="Length"/> sequential activity calls.</summary>
    public sealed record ChainInput(string Value, int Length = 3);

    /// <summary>Sequential activity calls; the unit of the engine throughput benchmark.</summary>
    public sealed class ChainOrchestration : TaskOrchestrator<ChainInput, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, ChainInput input)
        {
            var value = input.Value;
            for (var i = 1; i <= input.Length; i++)
            {
                value = await context.CallActivityAsync<string>(nameof(AppendActivity), $"{value}-{i}");
            }

            return value;
        }
    }

    /// <summary>Waits for <see cref="SignalEvent"/> until the deadline; the durability tests kill the
    /// host while it waits. Returns <c>signal:{payload}</c> or <c>deadline</c>.</summary>
    public sealed class SignalOrDeadlineOrchestration : TaskOrchestrator<TimeSpan, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, TimeSpan wait)
        {
            using var cts = new CancellationTokenSource();
            var signal = context.WaitForExternalEvent<string>(SignalEvent, cts.Token);
            var deadline = context.CreateTimer(context.CurrentUtcDateTime.Add(wait), cts.Token);
            if (await Task.WhenAny(signal, deadline) == signal)
            {
                // Cancel synchronously: CancelAsync runs on the thread pool, outside the orchestration's
                // single-threaded scheduler, and the orchestrator would never resume.
#pragma warning disable CA1849
                cts.Cancel();
#pragma warning restore CA1849
                return $"signal:{await signal}";
            }

            return "deadline";
        }
    }

    public sealed class AppendActivity : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(input + "!");
    }
}
