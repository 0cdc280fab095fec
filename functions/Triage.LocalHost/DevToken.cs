namespace Triage.LocalHost;

/// <summary>A token minted by the development sign-in.</summary>
public sealed record DevToken(string Token, string Subject, DateTimeOffset ExpiresAt);
