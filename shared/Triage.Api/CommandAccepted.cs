namespace Triage.Api;

/// <summary>The answer to a command that the orchestration carries out later (202).</summary>
public sealed record CommandAccepted(string Id, string Status, string StatusUrl);
