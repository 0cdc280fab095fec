namespace Triage.Application.UseCases;

/// <summary>What each dependency answered: <c>ok</c>, <c>timeout</c> or <c>unreachable</c>.</summary>
public sealed record HealthReport(string Storage, string Engine)
{
    public bool Healthy => Storage == CheckHealth.Ok && Engine == CheckHealth.Ok;
}
