namespace Triage.Domain;

/// <summary>One thing a partner asks for: an area, how many participants for how many weeks, where.</summary>
public sealed record LineItem(string Area, int Participants, int Weeks, string Location);
