using Triage.Application.Intake;
using Triage.Domain;

namespace Triage.Application.UseCases;

/// <summary>What became of a submission; <see cref="Refusal"/> says why it was shed (<see cref="SubmitStatus.Shed"/>).</summary>
public sealed record SubmitResult(SubmitStatus Status, string RequestId, Stage Stage)
{
    public IntakeRefusal? Refusal { get; init; }
}
