namespace Triage.Domain;

/// <summary>A problem with one input field; <paramref name="Field"/> is a path such as <c>items[2].participants</c>.</summary>
public sealed record FieldError(string Field, string Message);
