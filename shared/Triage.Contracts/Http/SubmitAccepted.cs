using Triage.Domain;

namespace Triage.Contracts;

public sealed record SubmitAccepted(string Id, Stage Stage, string StatusUrl);
