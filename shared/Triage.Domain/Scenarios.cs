namespace Triage.Domain;

/// <summary>
/// The example requests of docs/domain.md, for the demo, the README and the end-to-end tests. Each
/// <see cref="Scenario.Expected"/> says what the embedded reference data makes of it; the domain tests
/// hold these expectations true.
/// </summary>
public static class Scenarios
{
    /// <summary>Libya's broad February 2017 request: build a defence ministry, a joint staff and train
    /// officers, in country. Non-framework, "when conditions permit", high risk.</summary>
    public static readonly Scenario Libya = new(
        "libya",
        "LBY",
        "Defence institution building from scratch",
        "Help build a defence ministry and a joint staff, reform the security sector and train officers, in Libya.",
        [
            new LineItem("defence-institution-building", 20, 26, "in-country"),
            new LineItem("security-sector-reform", 15, 20, "in-country"),
            new LineItem("education-and-training", 120, 16, "in-country"),
        ],
        "Eligible with POLITICAL_REVIEW_REQUIRED; high-risk premium; over €5M, so political-review, desk-officer, asg-p, dsg; funded from the partnership common-funded line.");

    /// <summary>Iraq: NATO expands its training at the prime minister's request (2017–18).</summary>
    public static readonly Scenario Iraq = new(
        "iraq",
        "IRQ",
        "Expanded training and counter-IED",
        "Expand the training of Iraqi officers and instructors, with a counter-IED course, in Iraq.",
        [
            new LineItem("education-and-training", 60, 12, "in-country"),
            new LineItem("counter-ied", 24, 8, "in-country"),
        ],
        "Eligible (DCB member); high-risk premium; €500k–€5M, so desk-officer then asg-p; funded by the DCB Trust Fund.");

    /// <summary>Jordan: explosives and ammunition demilitarisation (Jordan Trust Fund IV, 2017).</summary>
    public static readonly Scenario Jordan = new(
        "jordan",
        "JOR",
        "Ammunition demilitarisation",
        "Safe storage and demilitarisation of surplus ammunition, in Jordan.",
        [
            new LineItem("ammunition-management", 24, 12, "in-country"),
        ],
        "Eligible; €500k–€5M, so desk-officer then asg-p; funded by the Jordan Trust Fund IV.");

    /// <summary>Georgia: destruction of missiles (the Estonia/Latvia/Lithuania-led trust fund, €478,000).</summary>
    public static readonly Scenario Georgia = new(
        "georgia",
        "GEO",
        "Missile destruction",
        "Destroy surplus missiles and train the team that does it, in Georgia.",
        [
            new LineItem("ammunition-management", 10, 8, "in-country"),
        ],
        "Eligible; under €500k, so desk-officer only; funded by the Georgia trust fund.");

    /// <summary>Russia: practical cooperation suspended since 2014.</summary>
    public static readonly Scenario Russia = new(
        "russia",
        "RUS",
        "Joint exercise",
        "Take part in a NATO exercise.",
        [
            new LineItem("military-exercises", 50, 2, "nato-facility"),
        ],
        "Ineligible: COOPERATION_SUSPENDED.");

    /// <summary>A code that is no partner (ZZZ is user-assigned in ISO 3166, never a country).</summary>
    public static readonly Scenario UnknownPartner = new(
        "unknown",
        "ZZZ",
        "Officer training",
        "Train officers.",
        [
            new LineItem("education-and-training", 10, 4, "nato-facility"),
        ],
        "Ineligible: UNKNOWN_PARTNER.");

    public static readonly IReadOnlyList<Scenario> All = [Libya, Iraq, Jordan, Georgia, Russia, UnknownPartner];

    public static Scenario? Find(string key) => All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
}
