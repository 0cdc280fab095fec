using Triage.Domain;

namespace Triage.Contracts;

/// <summary>A request's funding plan and what it lacks. <paramref name="WaitUntil"/> is the end of its
/// wait for funds, set the first time no full plan could be made (and kept after, as a record of it).</summary>
public sealed record FundingView(IReadOnlyList<PlanLineView> Plan, decimal ShortfallEur, DateTimeOffset? WaitUntil = null);
