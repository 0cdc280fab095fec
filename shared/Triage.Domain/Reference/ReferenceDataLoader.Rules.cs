using System.Xml;

namespace Triage.Domain;

// The eligibility rules and the approval policy: who may ask, and who must say yes.
internal static partial class ReferenceDataLoader
{
    private static List<EligibilityRule> ReadRules(JsonNodeReader root)
    {
        root.OnlyFields("version", "rules");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<EligibilityRule>();
        foreach (var entry in root.Entries("rules", "code"))
        {
            entry.OnlyFields("code", "effect", "message");
            var code = entry.String("code");
            var requestScoped = ReasonCodes.RequestScoped.Contains(code);
            if (!requestScoped && !ReasonCodes.ItemScoped.Contains(code))
            {
                throw entry.Error("code", $"unknown rule '{code}', expected one of {string.Join(", ", ReasonCodes.RequestScoped.Concat(ReasonCodes.ItemScoped))}");
            }

            if (!seen.Add(code))
            {
                throw entry.Error("code", $"rule '{code}' appears twice");
            }

            var effectText = entry.String("effect");
            if (!Enum.TryParse<RuleEffect>(effectText, ignoreCase: false, out var effect) || !Enum.IsDefined(effect) || int.TryParse(effectText, out _))
            {
                throw entry.Error("effect", $"unknown effect '{effectText}', expected one of {string.Join(", ", Enum.GetNames<RuleEffect>())}");
            }

            RuleEffect[] allowed = requestScoped
                ? [RuleEffect.Ineligible, RuleEffect.NeedsReview, RuleEffect.PoliticalReview]
                : [RuleEffect.ExcludeItem, RuleEffect.NeedsReview];
            if (!allowed.Contains(effect))
            {
                throw entry.Error("effect", $"'{code}' judges {(requestScoped ? "the request" : "a line item")}; its effect must be one of {string.Join(", ", allowed)}");
            }

            if (code == ReasonCodes.UnknownPartner && (result.Count > 0 || effect != RuleEffect.Ineligible))
            {
                throw entry.Error("code", "UNKNOWN_PARTNER must be the first rule, with effect Ineligible: the other rules need a known partner");
            }

            result.Add(new EligibilityRule(code, effect, entry.String("message")));
        }

        if (!seen.Contains(ReasonCodes.UnknownPartner))
        {
            throw root.Error("rules", "UNKNOWN_PARTNER must be the first rule");
        }

        return result;
    }

    private static ApprovalPolicy ReadPolicy(JsonNodeReader root, string version)
    {
        root.OnlyFields("version", "fundsWaitLimit", "politicalReviewStep", "steps", "tiers");
        var timings = new Dictionary<string, StepTiming>(StringComparer.Ordinal);
        var deputies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entry in root.Entries("steps", "step"))
        {
            entry.OnlyFields("step", "deadline", "reminder", "deputies");
            var step = entry.Id("step", KebabCase(), "a kebab-case step name");
            if (timings.ContainsKey(step))
            {
                throw entry.Error("step", $"step '{step}' appears twice");
            }

            var deadline = entry.Duration("deadline");
            var reminder = entry.Duration("reminder");
            if (reminder >= deadline)
            {
                throw entry.Error("reminder", $"the reminder ({XmlConvert.ToString(reminder)}) must come before the deadline ({XmlConvert.ToString(deadline)})");
            }

            timings[step] = new StepTiming(deadline, reminder);
            if (entry.Element.TryGetProperty("deputies", out _))
            {
                deputies[step] = entry.Strings("deputies", allowEmpty: true);
            }
        }

        var political = root.String("politicalReviewStep");
        if (!timings.ContainsKey(political))
        {
            throw root.Error("politicalReviewStep", $"'{political}' is not one of the steps");
        }

        var tiers = new List<ApprovalTier>();
        var tierEntries = root.Entries("tiers", key: null).ToList();
        decimal? previous = null;
        foreach (var entry in tierEntries)
        {
            entry.OnlyFields("belowEur", "upToEur", "steps");
            var below = entry.OptionalEuros("belowEur");
            var upTo = entry.OptionalEuros("upToEur");
            var isLast = tiers.Count == tierEntries.Count - 1;
            if (below is not null && upTo is not null)
            {
                throw entry.Error("upToEur", "give belowEur or upToEur, not both");
            }

            var bound = below ?? upTo;
            if (isLast && bound is not null)
            {
                throw entry.Error(below is null ? "upToEur" : "belowEur", "the last tier takes every estimate above the others: give it no bound");
            }

            if (!isLast && bound is null)
            {
                throw entry.Error("belowEur", "every tier but the last needs belowEur or upToEur");
            }

            if (bound is { } b && previous is { } p && b <= p)
            {
                throw entry.Error(below is null ? "upToEur" : "belowEur", $"bounds must increase: {b} is not above {p}");
            }

            previous = bound ?? previous;
            var steps = entry.Strings("steps", allowEmpty: false);
            foreach (var step in steps.Where(s => !timings.ContainsKey(s)))
            {
                throw entry.Error("steps", $"unknown step '{step}', expected one of {string.Join(", ", timings.Keys)}");
            }

            if (steps.Contains(political))
            {
                throw entry.Error("steps", $"'{political}' is added by the partner's status, not by a tier");
            }

            tiers.Add(new ApprovalTier(below, upTo, steps));
        }

        if (tiers.Count == 0)
        {
            throw root.Error("tiers", "at least one tier is required");
        }

        return new ApprovalPolicy(version, root.Duration("fundsWaitLimit"), political, timings, tiers) { Deputies = deputies };
    }
}
