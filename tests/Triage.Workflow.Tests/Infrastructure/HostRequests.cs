using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.LocalHost;
using Triage.Storage;

namespace Triage.Workflow.Tests.Infrastructure;

/// <summary>Submits to a self-host started in-process and waits for a request's first approval
/// notification, for the tests that count a host's storage calls: the waiting reads through clients of
/// its own (not counted) and only peeks, leaving the message for nobody else to count.</summary>
public static class HostRequests
{
    public static SubmitRequestInput Input(Scenario scenario) => new(
        scenario.Partner,
        scenario.Title,
        scenario.Summary,
        [.. scenario.Items.Select(i => new LineItemInput(i.Area, i.Participants, i.Weeks, i.Location))],
        DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)),
        new ContactInput("Test", "test@example.org"));

    public static async Task<string> SubmitAsync(TriageLocalHost host, Scenario scenario)
    {
        var result = await host.Services.GetRequiredService<SubmitRequest>().RunAsync(
            new SubmitRequestCommand(scenario.Partner, Input(scenario), Guid.NewGuid().ToString("N")), host.Client, CancellationToken.None);
        return result.RequestId;
    }

    public static async Task<string> NotifiedAsync(TriageLocalHost host, string requestId)
    {
        var queue = new StorageClients(TestStorage.ConnectionString, host.Storage.Names).Queue(host.Storage.Names.ApprovalRequestsQueue);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            foreach (var message in (await queue.PeekMessagesAsync(32, timeout.Token)).Value)
            {
                if (JsonDocument.Parse(message.MessageText).RootElement.GetProperty("requestId").GetString() == requestId)
                {
                    return requestId;
                }
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
