using System.Text.Json;
using Microsoft.DurableTask;
using Triage.Storage;

namespace Triage.LocalHost.Engine;

/// <summary>
/// Small orchestrations that exercise the engine itself, registered only when
/// <c>Diagnostics:Enabled</c> is true (tests and the engine benchmark): a chain of activities,
/// a wait for an external event raced against a durable timer, and a request's shape without the
/// product (<see cref="ApprovalShapeOrchestration"/>).
/// </summary>
public static class EngineChecks
{
    public const string SignalEvent = "signal";

    /// <summary>The event an <see cref="ApprovalShapeOrchestration"/> waits for at each step.</summary>
    public const string DecisionEvent = "decision";

    /// <summary>Where <see cref="ApprovalShapeOrchestration"/> says a step is open, and where it says it
    /// finished: one message each, <c>{"instanceId":…,"step":…}</c> (step -1 for the outcome). The
    /// reader creates them.</summary>
    public const string ShapeNotificationQueue = "bare-approval-requests", ShapeOutcomeQueue = "bare-outcomes";

    public static DurableTaskRegistry AddEngineChecks(this DurableTaskRegistry registry) =>
        registry
            .AddOrchestrator<ChainOrchestration>()
            .AddOrchestrator<SignalOrDeadlineOrchestration>()
            .AddOrchestrator<ApprovalShapeOrchestration>()
            .AddActivity<AppendActivity>()
            .AddActivity<ShapeNotifyActivity>();

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

    /// <summary>The activity calls of a request on the common path, with no product work in them.</summary>
    /// <param name="Steps">Approval steps, each a notification, a wait for <see cref="DecisionEvent"/> and one call.</param>
    /// <param name="Before">Calls before the first notification (the product: screen, estimate, reserve).</param>
    /// <param name="After">Calls after the last decision, before the outcome's message (the product: commit).</param>
    public sealed record ApprovalShapeInput(int Steps, int Before = 3, int After = 1);

    /// <summary>One message of <see cref="ShapeNotifyActivity"/>.</summary>
    public sealed record ShapeNote(string Queue, string InstanceId, int Step);

    /// <summary>
    /// What the engine alone does for a request that the approvers answer, measured beside the product
    /// at the same offered rate (load driver, <c>baseline</c> and <c>growth-first --bare</c>): as many
    /// activity calls as the product makes (3 + 2 per step + 2), queue messages where it sends them, and
    /// an external event per decision. The product's decision arrives on a queue and is stored first;
    /// here the driver raises the event itself, so the shape is the engine's least for the same path.
    /// </summary>
    public sealed class ApprovalShapeOrchestration : TaskOrchestrator<ApprovalShapeInput, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, ApprovalShapeInput input)
        {
            var value = context.InstanceId;
            for (var i = 0; i < input.Before; i++)
            {
                value = await context.CallActivityAsync<string>(nameof(AppendActivity), value);
            }

            for (var step = 0; step < input.Steps; step++)
            {
                await context.CallActivityAsync<bool>(nameof(ShapeNotifyActivity), new ShapeNote(ShapeNotificationQueue, context.InstanceId, step));
                await context.WaitForExternalEvent<string>(DecisionEvent);
                value = await context.CallActivityAsync<string>(nameof(AppendActivity), value);
            }

            for (var i = 0; i < input.After; i++)
            {
                value = await context.CallActivityAsync<string>(nameof(AppendActivity), value);
            }

            await context.CallActivityAsync<bool>(nameof(ShapeNotifyActivity), new ShapeNote(ShapeOutcomeQueue, context.InstanceId, -1));
            return value;
        }
    }

    /// <summary>Sends one <see cref="ShapeNote"/> (a redelivered call sends it again, as a notification may be).</summary>
    public sealed class ShapeNotifyActivity(StorageClients storage) : TaskActivity<ShapeNote, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, ShapeNote input)
        {
            await storage.Queue(input.Queue).SendMessageAsync(JsonSerializer.Serialize(new { instanceId = input.InstanceId, step = input.Step }));
            return true;
        }
    }
}
