namespace Triage.Browser.Tests;

/// <summary>The browser tests share one self-host and one browser; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "Dashboard";
}
