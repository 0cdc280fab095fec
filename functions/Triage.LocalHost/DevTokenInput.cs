namespace Triage.LocalHost;

/// <summary>What the development sign-in mints a token for: the <c>token</c> command's options as JSON.</summary>
public sealed record DevTokenInput(IReadOnlyList<string>? Roles, string? Partner, IReadOnlyList<string>? Steps, string? Sub, string? Name);
