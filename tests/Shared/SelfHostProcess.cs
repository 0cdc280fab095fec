namespace Triage.Testing;

/// <summary>The self-host (functions/Triage.LocalHost) as a process of its own.</summary>
public sealed class SelfHostProcess(params IEnumerable<string> extraArgs) : HostProcess("Triage.LocalHost", extraArgs);
