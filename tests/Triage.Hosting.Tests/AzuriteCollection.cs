using Microsoft.Extensions.Logging.Abstractions;

namespace Triage.Hosting.Tests;

/// <summary>Azurite for every test in this assembly: the one already running, or one started here
/// and stopped at the end of the run.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? azurite;

    public async Task InitializeAsync() => azurite = await Azurite.EnsureRunningAsync(NullLogger.Instance);

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
