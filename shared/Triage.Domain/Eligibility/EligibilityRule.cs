using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>One eligibility rule (data, <c>eligibility-rules.json</c>). The condition belongs to the
/// code; order, effect and message are data. Message placeholders: {partner}, {partnerName}, {area},
/// {item}.</summary>
public sealed record EligibilityRule(string Code, RuleEffect Effect, string Message);
