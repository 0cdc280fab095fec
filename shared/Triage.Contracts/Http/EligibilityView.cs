using Triage.Domain;

namespace Triage.Contracts;

public sealed record EligibilityView(string Result, IReadOnlyList<ReasonView> Reasons);
