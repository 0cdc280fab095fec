namespace Triage.LocalHost;

/// <summary>A partner one may sign in as in the development sign-in.</summary>
public sealed record DevSignInPartner(string Code, string Name, string Status);
