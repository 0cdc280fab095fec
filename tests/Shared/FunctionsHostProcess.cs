namespace Triage.Testing;

/// <summary>The Functions app under the Functions host harness (functions/Triage.FunctionsHost), the
/// harness a process of its own and the app's worker a child process of it.</summary>
public sealed class FunctionsHostProcess(params IEnumerable<string> extraArgs) : HostProcess("Triage.FunctionsHost", extraArgs);
