namespace Triage.Application.Intake;

/// <summary>Why a submission was shed: <paramref name="Backlog"/> requests were counted waiting to start
/// (counting stops at the limit, so this is at least the limit), <paramref name="Limit"/> is
/// <c>Intake:MaxBacklog</c>; the caller should come back after <paramref name="RetryAfter"/>.</summary>
public sealed record IntakeRefusal(int Backlog, int Limit, TimeSpan RetryAfter);
