using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Xunit.Abstractions;

namespace Triage.Hosting.Tests.Api;

/// <summary>
/// More than a thousand malformed or hostile bodies against every POST route with a valid token: every
/// answer is a 4xx problem (never a 5xx, never a success), and afterwards the Requests table, the
/// reference data, the fund ledger and the orchestration store are exactly as before. One set for both
/// hosts (<see cref="SelfHostFuzzTests"/>, <see cref="FunctionsHost.FunctionsHostFuzzTests"/>); a host may
/// run a share of the bodies (<see cref="Share"/>).
/// </summary>
public abstract class FuzzTests(ApiHostFixture api, ITestOutputHelper output)
{
    private const int Seed = 20170214;

    /// <summary>The share of each route's bodies this host gets (1: all 1,250), from the same seeded generator.</summary>
    protected virtual double Share => 1;

    [Fact]
    public async Task HostileBodies_NeverServerError_NeverAccepted_NothingWritten()
    {
        var requestsBefore = await api.RequestRowsAsync();
        var referenceBefore = await RowsAsync(api.Storage.Names.ReferenceData);
        var ledgerBefore = await RowsAsync(api.Storage.Names.FundLedger);
        var instancesBefore = await api.InstancesAsync();
        var fundId = await FundIdAsync();

        var bodies = new HostileBodies(Seed);
        var calls = new List<(string Path, Persona Persona, HostileBody Body)>();
        calls.AddRange(bodies.Requests(Count(900)).Select(b => ("/api/requests", Persona.PartnerLby, b)));
        calls.AddRange(bodies.Requests(Count(150)).Select(b => ("/api/quotes", Persona.PartnerLby, b)));
        var decision = new JsonObject { ["decision"] = "approve", ["comment"] = "fine" };
        calls.AddRange(Enumerable.Range(0, Count(100)).Select(_ => ($"/api/requests/LBY-20260101-000000000000/decisions/{ApiHostFixture.FirstLibyaStep}", Persona.ApproverWithStep, bodies.NextSmall(decision, ["decision"]))));
        var contribution = new JsonObject { ["amountEur"] = 1000, ["contributor"] = "Fuzz", ["note"] = "n" };
        calls.AddRange(Enumerable.Range(0, Count(100)).Select(_ => ($"/api/funds/{fundId}/contributions", Persona.Admin, bodies.NextSmall(contribution, ["amountEur", "contributor"]))));

        var results = new ConcurrentBag<(string Path, HostileBody Body, int Status, string Text)>();
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (call, ct) =>
        {
            using var message = api.Request(HttpMethod.Post, call.Path, call.Persona);
            message.Content = new ByteArrayContent(call.Body.Body);
            if (call.Body.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", call.Body.ContentType);
            }

            using var response = await api.Http.SendAsync(message, ct);
            results.Add((call.Path, call.Body, (int)response.StatusCode, await response.Content.ReadAsStringAsync(ct)));
        });

        foreach (var group in results.GroupBy(r => r.Body.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{group.Key,-22} {group.Count(),4} calls: {string.Join(", ", group.GroupBy(r => r.Status).OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Count()}"))}");
        }

        var wrong = results.Where(r => r.Status is < 400 or >= 500).ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(10).Select(r => $"{r.Status} {r.Body.Kind} {r.Path}: {Preview(r.Body.Body)} → {r.Text}")));
        Assert.True(results.Count >= Count(1000));
        Assert.All(results, r => Assert.Contains("\"status\":" + r.Status, r.Text, StringComparison.Ordinal));

        Assert.Equal(requestsBefore, await api.RequestRowsAsync());
        Assert.Equal(referenceBefore, await RowsAsync(api.Storage.Names.ReferenceData));
        Assert.Equal(ledgerBefore, await RowsAsync(api.Storage.Names.FundLedger));
        Assert.Equal(instancesBefore, await api.InstancesAsync());

        // Control: the unmutated body with the same token is accepted, so the refusals above came from
        // the damage done to each body, not from something every call shared.
        using var control = await api.SendAsync(HttpMethod.Post, "/api/requests", Persona.PartnerLby, HostileBodies.ValidRequest());
        Assert.Equal(System.Net.HttpStatusCode.Accepted, control.StatusCode);
    }

    private int Count(int all) => (int)Math.Ceiling(all * Share);

    private async Task<IReadOnlyList<string>> RowsAsync(string tableName)
    {
        var rows = new List<string>();
        await foreach (var e in api.Storage.Table(tableName).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add($"{e.PartitionKey}/{e.RowKey}/{e.ETag}");
        }

        return rows.Order(StringComparer.Ordinal).ToList();
    }

    private async Task<string> FundIdAsync()
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/funds", Persona.Admin);
        response.EnsureSuccessStatusCode();
        return (await ApiHostFixture.ReadJsonAsync(response))!.AsArray()[0]!["id"]!.GetValue<string>();
    }

    private static string Preview(byte[] body) =>
        body.Length > 200 ? Convert.ToHexString(body[..100]) + "…" : System.Text.Encoding.UTF8.GetString(body);
}
