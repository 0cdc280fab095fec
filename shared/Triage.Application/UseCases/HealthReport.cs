namespace Triage.Application.UseCases;

/// <summary>What each dependency answered: <c>ok</c>, <c>timeout</c> or <c>unreachable</c>; for the step
/// timers also <c>behind</c>. Healthy (the service can take requests) needs storage and the engine;
/// step timers behind make it degraded, not unavailable.</summary>
public sealed record HealthReport(string Storage, string Engine, string StepTimers)
{
    public bool Healthy => Storage == CheckHealth.Ok && Engine == CheckHealth.Ok;

    public bool Degraded => !Healthy || StepTimers != CheckHealth.Ok;
}
