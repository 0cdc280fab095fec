namespace Triage.Api;

public sealed record HealthView(string Status, string Storage, string Engine, string StepTimers, string Version);
