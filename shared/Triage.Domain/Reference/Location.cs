namespace Triage.Domain;

/// <summary>Where the work happens. <paramref name="InPartnerCountry"/> decides whether the partner's
/// risk premium applies (a course at a NATO facility carries no country risk).</summary>
public sealed record Location(string Id, string Name, decimal Factor, bool InPartnerCountry);
