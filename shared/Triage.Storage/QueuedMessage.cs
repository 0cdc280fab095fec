namespace Triage.Storage;

/// <summary>A message received from a queue: what it says, how often it was received, and what it
/// takes to delete or release it.</summary>
public sealed record QueuedMessage(string MessageId, string PopReceipt, string Text, long DequeueCount);
