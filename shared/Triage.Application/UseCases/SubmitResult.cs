using Triage.Domain;

namespace Triage.Application.UseCases;

public sealed record SubmitResult(SubmitStatus Status, string RequestId, Stage Stage);
