using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Triage.Api;
using Triage.Hosting.Tests.Api;
using Triage.Storage;
using Triage.Testing;

namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>
/// The Functions app as it ships (functions/Triage.Functions, its isolated worker unchanged) under the
/// Functions host harness, as processes of their own on free ports: the harness on the Azure Storage
/// backend and the session's Azurite, with this fixture's prefix, task hub and signing key. The same
/// members as the self-host's fixture, so the same scenarios run against it.
/// </summary>
public class FunctionsHostFixture : ApiHostFixture
{
    private ServiceProvider? clientServices;

    public FunctionsHostProcess Process { get; private set; } = null!;

    /// <summary>How long the harness took from process launch to its banner.</summary>
    public TimeSpan StartTime { get; private set; }

    public override async Task InitializeAsync()
    {
        Process = new FunctionsHostProcess(
        [
            "--Durable:Backend=Azure",
            $"--Durable:TaskHubName={NamePrefix}",
            $"--Storage:NamePrefix={NamePrefix}",
            $"--{StorageClients.ConnectionName}={Azurite.ConnectionString}",
            $"--Auth:SigningKey={Convert.ToBase64String(Key)}",
            "--Auth:DevelopmentKey=false",
            "--Logging:LogLevel:Default=Warning",
            .. ExtraSettings.Select(s => $"--{s.Key}={s.Value}"),
        ]);
        StartTime = await Process.StartAsync(TimeSpan.FromSeconds(120));
        Http = new HttpClient { BaseAddress = Process.ApiAddress, Timeout = TimeSpan.FromSeconds(60) };
        clientServices = Process.CreateClientServices();
        Client = clientServices.GetRequiredService<DurableTaskClient>();
        Storage = new StorageClients(Azurite.ConnectionString, new StorageNames(NamePrefix));
        await WaitForSeededStorageAsync();
    }

    // The worker answers the host before its start-up work (tables, reference data, fund balances) is
    // done, as under the real host; tests that read the tables directly wait for the last of it.
    private async Task WaitForSeededStorageAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var funds = await SendAsync(HttpMethod.Get, "/api/funds", Persona.Admin);
            if (funds.IsSuccessStatusCode && await ReadJsonAsync(funds) is System.Text.Json.Nodes.JsonArray { Count: > 0 })
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"The Functions app's storage was not seeded within 60 s.\n{Process.Output}");
    }

    protected override async Task StopHostAsync()
    {
        if (clientServices is not null)
        {
            await clientServices.DisposeAsync();
        }

        await Process.DisposeAsync();
    }
}

/// <summary>Every Functions host test class, one after another: each harness runs a worker and an
/// engine beside it, and several at once on a small machine starve the rest of the test run.</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsHostCollection : ICollectionFixture<FunctionsHostFixture>
{
    public const string Name = "FunctionsHost";
}
