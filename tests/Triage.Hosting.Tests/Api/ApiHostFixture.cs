using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Triage.LocalHost;
using Triage.LocalHost.Engine;
using Triage.Application.Identity;
using Triage.Storage;

namespace Triage.Hosting.Tests.Api;

/// <summary>The callers of the authorization matrix: broken tokens, and one valid token per role.</summary>
public enum Persona
{
    None,
    BadSignature,
    Expired,
    WrongAudience,
    Unsigned,
    PartnerLby,
    PartnerIrq,
    ApproverWithStep,
    ApproverWithoutStep,
    Admin,
}

/// <summary>
/// The real self-host in-process: Kestrel, the Durable Task engine on the Azure Storage backend and
/// the workflow, on the session's Azurite, with its own table/queue prefix and task hub so nothing is
/// shared with other tests. Tokens are signed with a key made for this fixture. A subclass may run
/// another host over HTTP instead (<see cref="FunctionsHostFixture"/>): everything but the start is
/// the same for both, so one set of scenarios runs against each.
/// </summary>
public class ApiHostFixture : IAsyncLifetime
{
    /// <summary>The step a small LBY request waits at first (Libya: "when conditions permit").</summary>
    public const string FirstLibyaStep = "political-review";

    protected static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The in-process self-host; null when a subclass runs another host.</summary>
    public TriageLocalHost Host { get; private set; } = null!;

    public HttpClient Http { get; protected set; } = null!;

    /// <summary>A Durable Task client on the host's engine.</summary>
    public DurableTaskClient Client { get; protected set; } = null!;

    /// <summary>The host's tables and queues (its name prefix).</summary>
    public StorageClients Storage { get; protected set; } = null!;

    public AuthSettings Auth { get; } = new() { Issuer = AuthSettings.DefaultIssuer, SigningKey = Key, KeySource = "test" };

    public string NamePrefix { get; } = "api" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Settings a subclass adds (the workflow's timings), for whichever host it runs.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        Host = await TriageLocalHost.StartAsync(new LocalHostOptions
        {
            Backend = EngineBackend.Azure,
            NamePrefix = NamePrefix,
            TaskHubName = NamePrefix,
            Settings = new Dictionary<string, string?>
            {
                ["Auth:SigningKey"] = Convert.ToBase64String(Key),
                ["Auth:DevelopmentKey"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            }.Concat(ExtraSettings).ToDictionary(),
        });
        Http = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Client = Host.Client;
        Storage = Host.Storage;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        var storage = Storage;
        await StopHostAsync();

        // The fixture's own tables and queues (its prefix); the shared Azurite stays small.
        await Task.WhenAll(storage.Names.AllTables.Select(t => storage.TableService.DeleteTableAsync(t))
            .Concat<Task>(storage.Names.AllQueues.Select(q => storage.Queue(q).DeleteIfExistsAsync())));
    }

    /// <summary>Stops what <see cref="InitializeAsync"/> started.</summary>
    protected virtual async Task StopHostAsync() => await Host.DisposeAsync();

    private Task<string>? sharedRequest;

    /// <summary>One open LBY request for the calls that do not change it.</summary>
    public Task<string> SharedRequestAsync() => sharedRequest ??= SubmitAsync();

    public string Mint(TokenRequest request) => DevTokens.Mint(Auth, request);

    public string? Token(Persona persona) => persona switch
    {
        Persona.None => null,
        Persona.BadSignature => DevTokens.Mint(RandomNumberGenerator.GetBytes(32), AuthSettings.DefaultIssuer, AuthSettings.DefaultAudience,
            new TokenRequest("forger", [TriageRoles.Admin])),
        Persona.Expired => Mint(new TokenRequest("late", [TriageRoles.Admin], IssuedAt: DateTimeOffset.UtcNow.AddHours(-3), Lifetime: TimeSpan.FromHours(1))),
        Persona.WrongAudience => Mint(new TokenRequest("elsewhere", [TriageRoles.Admin], Audience: "another-api")),
        Persona.Unsigned => Unsigned(new JsonObject { ["sub"] = "nobody", ["roles"] = new JsonArray("admin"), ["iss"] = AuthSettings.DefaultIssuer, ["aud"] = AuthSettings.DefaultAudience, ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() }),
        Persona.PartnerLby => Mint(new TokenRequest("partner-lby", [TriageRoles.Partner], Partner: "LBY")),
        Persona.PartnerIrq => Mint(new TokenRequest("partner-irq", [TriageRoles.Partner], Partner: "IRQ")),
        Persona.ApproverWithStep => Mint(new TokenRequest("approver-with", [TriageRoles.Approver], Steps: [FirstLibyaStep, "desk-officer"])),
        Persona.ApproverWithoutStep => Mint(new TokenRequest("approver-without", [TriageRoles.Approver], Steps: ["dsg"])),
        Persona.Admin => Mint(new TokenRequest("admin", [TriageRoles.Admin])),
        _ => throw new ArgumentOutOfRangeException(nameof(persona)),
    };

    /// <summary>An <c>alg: none</c> token: header and payload, empty signature.</summary>
    public static string Unsigned(JsonObject payload) =>
        $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url(payload.ToJsonString())}.";

    public HttpRequestMessage Request(HttpMethod method, string path, Persona persona, object? body = null)
    {
        var message = new HttpRequestMessage(method, path);
        if (Token(persona) is { } token)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            message.Content = body as HttpContent ?? JsonContent.Create(body);
        }

        return message;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Persona persona, object? body = null)
    {
        using var message = Request(method, path, persona, body);
        return await Http.SendAsync(message);
    }

    /// <summary>A small request: cheap enough that funds never run out, so it reaches its approval steps.</summary>
    public static JsonObject SmallRequest(string? partner = null, string title = "Officer training") => new()
    {
        ["partner"] = partner,
        ["title"] = title,
        ["summary"] = "Train a handful of officers, in country.",
        ["items"] = new JsonArray(new JsonObject { ["area"] = "education-and-training", ["participants"] = 5, ["weeks"] = 2, ["location"] = "in-country" }),
        ["requestedStart"] = DateTime.UtcNow.AddMonths(2).ToString("yyyy-MM-dd"),
        ["contact"] = new JsonObject { ["name"] = "Desk officer", ["email"] = "desk@example.org" },
    };

    public async Task<string> SubmitAsync(Persona persona = Persona.PartnerLby, JsonObject? body = null)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/requests", persona, body ?? SmallRequest());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> GetRequestAsync(string id)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/requests/{id}", Persona.Admin);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Waits until the request waits for a decision on <paramref name="step"/>.</summary>
    public async Task WaitForPendingStepAsync(string id, string step, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        JsonObject view;
        do
        {
            view = await GetRequestAsync(id);
            if (view["stage"]?.GetValue<string>() == "AwaitingApproval"
                && view["approvals"]!.AsArray().Any(a => a!["step"]!.GetValue<string>() == step && a["status"]!.GetValue<string>() == "Pending"))
            {
                return;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{id} never waited for {step}: {view.ToJsonString()}");
    }

    public async Task WaitForRuntimeStatusAsync(string id, params OrchestrationRuntimeStatus[] statuses)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        OrchestrationMetadata? instance;
        do
        {
            instance = await Client.GetInstanceAsync(id, getInputsAndOutputs: false);
            if (instance is not null && statuses.Contains(instance.RuntimeStatus))
            {
                return;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{id} is {instance?.RuntimeStatus.ToString() ?? "missing"}, wanted {string.Join(" or ", statuses)}");
    }

    /// <summary>Every row of the Requests table, as partition/row/etag (which changes on any write).</summary>
    public async Task<IReadOnlyList<string>> RequestRowsAsync()
    {
        var table = Storage.Table(Storage.Names.Requests);
        var rows = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add($"{e.PartitionKey}/{e.RowKey}/{e.ETag}");
        }

        return rows.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every orchestration instance in the task hub.</summary>
    public async Task<IReadOnlyList<string>> InstancesAsync()
    {
        var ids = new List<string>();
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 500 }))
        {
            ids.Add($"{instance.InstanceId}/{instance.RuntimeStatus}");
        }

        return ids.Order(StringComparer.Ordinal).ToList();
    }

    public static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHostFixture>
{
    public const string Name = "Api";
}

internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
