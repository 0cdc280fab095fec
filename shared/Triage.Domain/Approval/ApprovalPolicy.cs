using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>
/// The approval policy (data, <c>approval-policy.json</c>): tiers by estimate pick the ordered steps; a
/// "conditions permit" partner gets <see cref="PoliticalReviewStep"/> first. Tests replace it with
/// seconds-long timings: <c>data with { Policy = data.Policy.WithUniformTimings(...) }</c>.
/// </summary>
public sealed record ApprovalPolicy(
    string Version,
    TimeSpan FundsWaitLimit,
    string PoliticalReviewStep,
    IReadOnlyDictionary<string, StepTiming> Timings,
    IReadOnlyList<ApprovalTier> Tiers)
{
    /// <summary>The ordered steps for a request with this estimate (whole euros).</summary>
    public IReadOnlyList<ApprovalStepPlan> StepsFor(decimal estimateEur, bool politicalReview)
    {
        var tier = Tiers.FirstOrDefault(t => t.Covers(estimateEur))
            ?? throw new InvalidOperationException($"Approval policy {Version} has no tier for €{estimateEur}.");
        var steps = new List<ApprovalStepPlan>(tier.Steps.Count + 1);
        if (politicalReview)
        {
            steps.Add(Plan(PoliticalReviewStep));
        }

        foreach (var step in tier.Steps)
        {
            steps.Add(Plan(step));
        }

        return steps;
    }

    /// <summary>The tier (0-based) an estimate falls in.</summary>
    public int TierOf(decimal estimateEur)
    {
        for (var i = 0; i < Tiers.Count; i++)
        {
            if (Tiers[i].Covers(estimateEur))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Approval policy {Version} has no tier for €{estimateEur}.");
    }

    /// <summary>The same policy with every step on the same timings, e.g. seconds for tests.</summary>
    public ApprovalPolicy WithUniformTimings(TimeSpan deadline, TimeSpan reminder, TimeSpan? fundsWaitLimit = null)
    {
        if (reminder >= deadline)
        {
            throw new ArgumentException("The reminder must come before the deadline.", nameof(reminder));
        }

        var timings = Timings.Keys.ToDictionary(k => k, _ => new StepTiming(deadline, reminder), StringComparer.Ordinal);
        return this with { Timings = timings, FundsWaitLimit = fundsWaitLimit ?? FundsWaitLimit };
    }

    [JsonIgnore]
    public IEnumerable<string> AllSteps => Timings.Keys;

    /// <summary>Step → the approvers (ids of the directory) a step still undecided at its reminder point
    /// is escalated to; a step without deputies is only reminded.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Deputies { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The deputies of <paramref name="step"/> (none when the policy names none).</summary>
    public IReadOnlyList<string> DeputiesOf(string step) => Deputies.TryGetValue(step, out var d) ? d : [];

    private ApprovalStepPlan Plan(string step) =>
        Timings.TryGetValue(step, out var timing)
            ? new ApprovalStepPlan(step, timing.Deadline, timing.Reminder, DeputiesOf(step))
            : throw new InvalidOperationException($"Approval policy {Version} has no timings for step '{step}'.");
}
