namespace Triage.LocalHost;

/// <summary>The choices of the development sign-in (<see cref="DevSignIn"/>).</summary>
public sealed record DevSignInOptions(IReadOnlyList<string> Roles, IReadOnlyList<string> Steps, IReadOnlyList<DevSignInPartner> Partners);
