namespace Triage.Domain;

/// <summary>One thing a partner asks for: an area, how many participants for how many weeks, where.</summary>
public sealed record LineItem(string Area, int Participants, int Weeks, string Location);

/// <summary>A problem with one input field; <paramref name="Field"/> is a path such as <c>items[2].participants</c>.</summary>
public sealed record FieldError(string Field, string Message);
