namespace Triage.Application.Intake;

/// <summary>Why a submission was shed: about <paramref name="Backlog"/> requests are in the engine's hands (the last
/// count, which stops at the limit, plus the submissions let through since), <paramref name="Limit"/> is
/// <c>Intake:MaxBacklog</c>; the caller should come back after <paramref name="RetryAfter"/>.</summary>
public sealed record IntakeRefusal(int Backlog, int Limit, TimeSpan RetryAfter);
