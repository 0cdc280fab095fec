namespace Triage.Application.Messaging;

/// <summary>The self-host poller's rule, the Functions runtime's for its QueueTrigger: poll every
/// <paramref name="PollingInterval"/> while the queue is empty, retry a failed message after
/// <paramref name="VisibilityTimeout"/>, poison it on its <paramref name="MaxDequeueCount"/>-th failure
/// (settings <c>Queues:*</c>).</summary>
public sealed record PollerSettings(TimeSpan PollingInterval, int MaxDequeueCount, TimeSpan VisibilityTimeout);
