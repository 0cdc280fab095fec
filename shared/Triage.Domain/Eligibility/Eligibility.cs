namespace Triage.Domain;

/// <summary>
/// Screening: the rules of <see cref="ReferenceData.Rules"/> in their order. Request rules first
/// (an <see cref="RuleEffect.Ineligible"/> one stops everything), then the item rules for each line
/// item (an <see cref="RuleEffect.ExcludeItem"/> one drops the item and stops that item's rules).
/// Outcome: no item left → Ineligible; any needs-review reason → NeedsReview; some item dropped →
/// PartiallyEligible; otherwise Eligible. A political review does not change the outcome; it adds a step.
/// </summary>
public static class Eligibility
{
    /// <param name="activeAreasOfPartner">Areas of the partner's requests that are still open (for DUPLICATE_ACTIVE).</param>
    public static EligibilityResult Screen(
        ReferenceData data,
        string partnerCode,
        IReadOnlyList<LineItem> items,
        IReadOnlySet<string> activeAreasOfPartner)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(activeAreasOfPartner);

        var partner = data.FindPartner(partnerCode);
        var reasons = new List<Reason>();
        var needsReview = false;
        var political = false;

        foreach (var rule in data.Rules)
        {
            if (!IsRequestScoped(rule.Code) || !RequestRuleFires(rule.Code, partner))
            {
                continue;
            }

            reasons.Add(new Reason(rule.Code, null, Format(rule.Message, partnerCode, partner, null, null)));
            switch (rule.Effect)
            {
                case RuleEffect.Ineligible:
                    return new EligibilityResult(EligibilityOutcome.Ineligible, reasons, [], false);
                case RuleEffect.NeedsReview:
                    needsReview = true;
                    break;
                case RuleEffect.PoliticalReview:
                    political = true;
                    break;
                case RuleEffect.ExcludeItem:
                default:
                    break;
            }
        }

        // The loader guarantees UNKNOWN_PARTNER comes first and stops, so the partner is known here.
        if (partner is null)
        {
            reasons.Add(new Reason(ReasonCodes.UnknownPartner, null, $"No partner with the code '{partnerCode}'."));
            return new EligibilityResult(EligibilityOutcome.Ineligible, reasons, [], false);
        }

        if (items.Count == 0)
        {
            reasons.Add(new Reason(ReasonCodes.NoItems, null, "The request has no line items."));
            return new EligibilityResult(EligibilityOutcome.Ineligible, reasons, [], political);
        }

        var eligible = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var area = data.FindArea(item.Area);
            var excluded = false;
            foreach (var rule in data.Rules)
            {
                if (IsRequestScoped(rule.Code) || !ItemRuleFires(rule.Code, partner, area, item, activeAreasOfPartner))
                {
                    continue;
                }

                reasons.Add(new Reason(rule.Code, i, Format(rule.Message, partnerCode, partner, item.Area, i)));
                if (rule.Effect == RuleEffect.ExcludeItem)
                {
                    excluded = true;
                    break;
                }

                if (rule.Effect == RuleEffect.NeedsReview)
                {
                    needsReview = true;
                }
            }

            if (!excluded)
            {
                eligible.Add(i);
            }
        }

        var outcome = eligible.Count == 0 ? EligibilityOutcome.Ineligible
            : needsReview ? EligibilityOutcome.NeedsReview
            : eligible.Count < items.Count ? EligibilityOutcome.PartiallyEligible
            : EligibilityOutcome.Eligible;
        return new EligibilityResult(outcome, reasons, eligible, political && eligible.Count > 0);
    }

    private static bool IsRequestScoped(string code) => ReasonCodes.RequestScoped.Contains(code);

    private static bool RequestRuleFires(string code, Partner? partner) =>
        code switch
        {
            ReasonCodes.UnknownPartner => partner is null,
            ReasonCodes.CooperationSuspended => partner?.Status == PartnerStatus.Suspended,
            ReasonCodes.PoliticalReviewRequired => partner?.Status == PartnerStatus.ConditionsPermit,
            _ => false,
        };

    private static bool ItemRuleFires(string code, Partner partner, Area? area, LineItem item, IReadOnlySet<string> activeAreas) =>
        code switch
        {
            ReasonCodes.AreaNotOffered => area is null,
            ReasonCodes.AreaNotOpenToPartner => area is not null && !area.IsOpenTo(partner),
            ReasonCodes.DuplicateActive => item.Area is not null && activeAreas.Contains(item.Area),
            _ => false,
        };

    private static string Format(string template, string partnerCode, Partner? partner, string? area, int? item) =>
        template
            .Replace("{partner}", partner?.Code ?? partnerCode, StringComparison.Ordinal)
            .Replace("{partnerName}", partner?.Name ?? partnerCode, StringComparison.Ordinal)
            .Replace("{area}", area ?? string.Empty, StringComparison.Ordinal)
            .Replace("{item}", item?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, StringComparison.Ordinal);
}
