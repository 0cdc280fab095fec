namespace Triage.Hosting.Tests.Api;

/// <summary>A self-host of its own, so "nothing written" can be checked against an untouched store.</summary>
public sealed class FuzzHostFixture : ApiHostFixture;
