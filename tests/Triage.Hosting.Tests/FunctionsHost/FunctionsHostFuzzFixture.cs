namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>A harness of its own, so "nothing written" can be checked against an untouched store.</summary>
public sealed class FunctionsHostFuzzFixture : FunctionsHostFixture;
