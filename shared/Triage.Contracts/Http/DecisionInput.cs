using Triage.Domain;

namespace Triage.Contracts;

public sealed record DecisionInput(string Decision, string? Comment);
