using System.Net;
using System.Text.Json.Nodes;

namespace Triage.Hosting.Tests.Api;

/// <summary>One correlation id from the submitting HTTP call, through the orchestration, to the
/// approvers' notification on the queue.</summary>
[Collection(ApiCollection.Name)]
public sealed class CorrelationTests(ApiHostFixture api)
{
    [Fact]
    public async Task CorrelationHeader_IsEchoed_AndCarriedToTheApprovalNotification()
    {
        var correlationId = "support-ticket-" + Guid.NewGuid().ToString("N")[..8];
        using var message = api.Request(HttpMethod.Post, "/api/requests", Persona.PartnerLby, ApiHostFixture.SmallRequest());
        message.Headers.Add("X-Correlation-Id", correlationId);

        using var response = await api.Http.SendAsync(message);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(correlationId, response.Headers.GetValues("X-Correlation-Id").Single());
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
        Assert.Equal(correlationId, await NotificationCorrelationAsync(id));
    }

    private async Task<string?> NotificationCorrelationAsync(string requestId)
    {
        var queue = api.Host.Storage.Queue(api.Host.Storage.Names.ApprovalRequestsQueue);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            // Received messages come back after the short visibility timeout, for other tests.
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(2))).Value;
            foreach (var m in batch)
            {
                var json = JsonNode.Parse(m.MessageText)!;
                if (json["requestId"]?.GetValue<string>() == requestId)
                {
                    return json["correlationId"]?.GetValue<string>();
                }
            }

            if (batch.Length == 0)
            {
                await Task.Delay(200);
            }
        }

        return null;
    }
}
