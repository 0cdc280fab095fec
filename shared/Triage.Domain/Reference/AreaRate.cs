namespace Triage.Domain;

/// <summary>Rates of one area, in EUR. A training team takes up to <paramref name="ParticipantsPerTeam"/>
/// participants; a line item needs ceil(participants / ParticipantsPerTeam) teams for every week.</summary>
public sealed record AreaRate(
    string Area,
    decimal SetupEur,
    decimal ParticipantWeekEur,
    decimal TeamWeekEur,
    int ParticipantsPerTeam);
