namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>A harness of its own for the kill -9 test, which kills and restarts it.</summary>
public sealed class FunctionsHostKillFixture : FunctionsHostFixture;
