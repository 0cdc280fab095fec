#:project ../../shared/Triage.Application/Triage.Application.csproj
#:property PublishAot=false
// The README's figures for either local host, measured from outside over HTTP and the queues, as a
// client meets them: process launch → /api/health 200; one request submit → its first approval
// notification (median of 10, one at a time); 200 requests submitted at once → requests/s to their
// notifications. Run from the repository root after a Release build, with an Azurite of its own:
//   dotnet run tests/scripts/host-figures.cs -- <Triage.LocalHost|Triage.FunctionsHost> "<storage connection string>"
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Queues;
using Triage.Application.Identity;

var project = args[0];
var connection = args[1];
const int Burst = 200;
var port = Random.Shared.Next(20000, 30000);
var prefix = "fig" + Guid.NewGuid().ToString("N")[..8];
var key = RandomNumberGenerator.GetBytes(32);
var auth = new AuthSettings { Issuer = AuthSettings.DefaultIssuer, SigningKey = key, KeySource = "figures" };
var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var arg in new[]
{
    $"functions/{project}/bin/Release/net10.0/{project}.dll", $"--Urls=http://127.0.0.1:{port}", "--Durable:Backend=Azure",
    $"--Durable:TaskHubName={prefix}", $"--Storage:NamePrefix={prefix}", $"--AzureWebJobsStorage={connection}",
    $"--Auth:SigningKey={Convert.ToBase64String(key)}", "--Auth:DevelopmentKey=false", "--Logging:LogLevel:Default=Warning",
})
{
    info.ArgumentList.Add(arg);
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(5) };
var launch = Stopwatch.StartNew();
using var host = Process.Start(info)!;
host.OutputDataReceived += (_, _) => { };
host.ErrorDataReceived += (_, _) => { };
host.BeginOutputReadLine();
host.BeginErrorReadLine();
while (true)
{
    try
    {
        using var health = await http.GetAsync("api/health");
        if (health.IsSuccessStatusCode)
        {
            break;
        }
    }
    catch (HttpRequestException)
    {
    }

    await Task.Delay(20);
}

var started = launch.Elapsed;
try
{
    var admin = DevTokens.Mint(auth, new TokenRequest("figures", [TriageRoles.Admin]));
    using (var money = Post("api/funds/partnership-common/contributions", admin, new { amountEur = 1_000_000_000m, contributor = "figures", note = "capacity" }))
    {
        (await http.SendAsync(money)).EnsureSuccessStatusCode();
    }

    var partners = new[] { "IRQ", "JOR", "GEO", "MDA", "TUN", "MRT" };
    var tokens = partners.ToDictionary(p => p, p => DevTokens.Mint(auth, new TokenRequest($"partner-{p}", [TriageRoles.Partner], p)));
    var notified = new ConcurrentDictionary<string, long>();
    using var stop = new CancellationTokenSource();
    var queue = new QueueServiceClient(connection).GetQueueClient($"{prefix}-approval-requests");
    var reader = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            foreach (var m in batch)
            {
                notified.TryAdd(JsonDocument.Parse(m.MessageText).RootElement.GetProperty("requestId").GetString()!, Stopwatch.GetTimestamp());
            }

            await Task.WhenAll(batch.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt)));
            if (batch.Length == 0)
            {
                await Task.Delay(10);
            }
        }
    });

    async Task<(string Id, long At)> SubmitAsync(int i)
    {
        var partner = partners[i % partners.Length];
        var body = new
        {
            title = $"Officer training {i}", summary = "Train a handful of officers, in country.",
            items = new[] { new { area = "education-and-training", participants = 5, weeks = 2, location = "in-country" } },
            requestedStart = DateTime.UtcNow.AddMonths(2).ToString("yyyy-MM-dd"), contact = new { name = "Desk", email = "d@example.org" },
        };
        var at = Stopwatch.GetTimestamp();
        using var message = Post("api/requests", tokens[partner], body);
        using var response = await http.SendAsync(message);
        response.EnsureSuccessStatusCode();
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, at);
    }

    async Task<double> NotifiedAfterAsync((string Id, long At) r)
    {
        while (!notified.ContainsKey(r.Id))
        {
            await Task.Delay(5);
        }

        return Stopwatch.GetElapsedTime(r.At, notified[r.Id]).TotalMilliseconds;
    }

    await NotifiedAfterAsync(await SubmitAsync(0)); // warm-up: the task hub's partitions are leased after start
    var alone = new List<double>();
    for (var i = 1; i <= 10; i++)
    {
        alone.Add(await NotifiedAfterAsync(await SubmitAsync(i)));
    }

    var burstStart = Stopwatch.GetTimestamp();
    var burst = await Task.WhenAll(Enumerable.Range(100, Burst).Select(SubmitAsync));
    await Task.WhenAll(burst.Select(NotifiedAfterAsync));
    var rate = Burst / Stopwatch.GetElapsedTime(burstStart, burst.Max(b => notified[b.Id])).TotalSeconds;
    await stop.CancelAsync();
    await reader.ContinueWith(_ => { });

    alone.Sort();
    Console.WriteLine($"{project}: start {started.TotalSeconds:0.00} s; single request → first notification median {alone[alone.Count / 2]:0} ms; {Burst} at once: {rate:0.0} requests/s ({Environment.ProcessorCount} cores)");
}
finally
{
    host.Kill(entireProcessTree: true);
}

HttpRequestMessage Post(string path, string token, object body)
{
    var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return message;
}
