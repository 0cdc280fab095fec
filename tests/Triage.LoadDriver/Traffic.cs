using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Triage.LoadDriver;

/// <summary>
/// Partners' requests sent to one deployment over HTTP, with the <see cref="ApproverTool"/> answering
/// beside them; keeps every request's <see cref="RequestTimes"/>. Like a fleet of clients behind one
/// gateway, at most 256 connections at once (10,000 sockets at once exhaust the file descriptors); a
/// request's time counts from when it was issued, so waiting for a connection is part of it.
/// </summary>
internal sealed class Traffic : IAsyncDisposable
{
    private readonly Deployment deployment;
    private readonly RequestMix mix;
    private readonly HttpClient http;
    private readonly ApproverTool approvers;
    private readonly ConcurrentDictionary<string, RequestTimes> byId = new();
    private readonly ConcurrentQueue<RequestTimes> sent = new();
    private int next;
    private int shed;

    public Traffic(Deployment deployment, bool answer)
    {
        this.deployment = deployment;
        mix = new RequestMix(deployment.Tokens.OnlyPartner);
        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = deployment.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        approvers = new ApproverTool(deployment.Storage, deployment.Tokens.Approver, byId, answer);
    }

    /// <summary>One line on how far the requests have got, for the progress display.</summary>
    public string Progress =>
        $"sent {sent.Count}, shed {Volatile.Read(ref shed)}, accepted {sent.Count(t => t.Accepted)}, first notification {sent.Count(t => t.FirstNotified > 0)}, decisions {approvers.Decided}, outcomes {approvers.ReachedOutcome}";

    /// <summary>What the driver pays into the common fund before a run: €10bn, enough for about 80,000 of
    /// its requests (€1bn ran dry at about 8,000), so the money is not what a burst of 10,000 waits for.</summary>
    public const decimal CapacityEur = 10_000_000_000m;

    /// <summary>Pays <see cref="CapacityEur"/> into the common fund (when an admin token is at hand).</summary>
    public async Task FundAsync()
    {
        if (deployment.Tokens.Admin is not { } admin)
        {
            return;
        }

        using var message = Contribution(admin);
        using var response = await http.SendAsync(message);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The contribution of <see cref="CapacityEur"/> to the common fund, as an admin posts it.</summary>
    public static HttpRequestMessage Contribution(string adminToken) =>
        Post("api/funds/partnership-common/contributions", adminToken, new { amountEur = CapacityEur, contributor = "load driver", note = "load run capacity" });

    /// <summary>Sends <paramref name="count"/> requests at once; returns them.</summary>
    public async Task<RequestTimes[]> SubmitAtOnceAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => SubmitAsync()));

    /// <summary>Offers <paramref name="rate"/> requests a second for <paramref name="duration"/>.</summary>
    public Task<RequestTimes[]> SubmitAtRateAsync(double rate, TimeSpan duration) => OfferAsync(rate, duration, SubmitAsync);

    /// <summary>Calls <paramref name="submit"/> <paramref name="rate"/> times a second for <paramref name="duration"/>,
    /// each on time whatever the earlier ones are doing (an open system: users do not wait for each other).</summary>
    public static async Task<RequestTimes[]> OfferAsync(double rate, TimeSpan duration, Func<Task<RequestTimes>> submit)
    {
        var clock = Stopwatch.StartNew();
        var pending = new List<Task<RequestTimes>>();
        for (var i = 0; i / rate < duration.TotalSeconds; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            pending.Add(submit());
        }

        return await Task.WhenAll(pending);
    }

    /// <summary>Waits until <paramref name="done"/> holds for every accepted request of
    /// <paramref name="set"/>, or none of them moved (answered, notified, decided, finished) for
    /// <paramref name="settle"/>, or <paramref name="atMost"/> passed. True when all were done.</summary>
    public static async Task<bool> WaitAsync(IReadOnlyCollection<RequestTimes> set, Func<RequestTimes, bool> done, TimeSpan settle, TimeSpan? atMost = null)
    {
        var moves = -1;
        var still = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var accepted = set.Where(t => t.Accepted).ToList();
            if (accepted.All(done))
            {
                return true;
            }

            var now = set.Sum(t => (t.Answered > 0 ? 1 : 0) + (t.FirstNotified > 0 ? 1 : 0) + (t.LastDecided > 0 ? 1 : 0) + (t.Outcome > 0 ? 1 : 0));
            if (now != moves)
            {
                moves = now;
                still.Restart();
            }
            else if (still.Elapsed > settle || clock.Elapsed > atMost)
            {
                return false;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Where requests that stopped short are, as their partners see them: the count at each
    /// stage, and how many the deployment does not know at all (lost).</summary>
    public async Task<(IReadOnlyDictionary<string, int> Stages, int Lost)> WhereAsync(IEnumerable<RequestTimes> requests)
    {
        var stages = new Dictionary<string, int>();
        var lost = 0;
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(requests.Select(async t =>
        {
            await gate.WaitAsync();
            try
            {
                var stage = await StageAsync(t);
                lock (stages)
                {
                    if (stage is null)
                    {
                        lost++;
                    }
                    else
                    {
                        stages[stage] = stages.GetValueOrDefault(stage) + 1;
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return (stages, lost);
    }

    /// <summary>GET of a request as its partner sees it: its stage, or null when the deployment does not know it.</summary>
    private async Task<string?> StageAsync(RequestTimes request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"api/requests/{request.Id}");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", deployment.Tokens.Partner(request.Partner!));
        using var response = await http.SendAsync(message);
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").ToString() : null;
    }

    public async ValueTask DisposeAsync()
    {
        await approvers.DisposeAsync();
        http.Dispose();
    }

    private async Task<RequestTimes> SubmitAsync()
    {
        var (partner, body) = mix.Request(Interlocked.Increment(ref next) - 1);
        var times = new RequestTimes { Partner = partner, Submitted = Stopwatch.GetTimestamp() };
        var key = Guid.NewGuid().ToString("N");
        try
        {
            using var response = await SendShedAwareAsync(times, partner, body, key);
            times.Answered = Stopwatch.GetTimestamp();
            times.Status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                times.Id = id;
                // The notification may have been read before this answer: keep the one record.
                var known = byId.GetOrAdd(id, times);
                if (!ReferenceEquals(known, times))
                {
                    known.Partner = partner;
                    known.Answered = times.Answered;
                    known.Status = times.Status;
                    known.Submitted = times.Submitted;
                    known.Sent = times.Sent;
                    known.Shed = times.Shed;
                    times = known;
                }
            }
        }
        catch (HttpRequestException)
        {
            times.Status = 0;
        }
        catch (TaskCanceledException)
        {
            times.Status = 0;
        }

        sent.Enqueue(times);
        return times;
    }

    /// <summary>Sends the submission; while it is shed (503 + Retry-After), waits as asked and sends it
    /// again with the same key. Returns the last answer.</summary>
    private async Task<HttpResponseMessage> SendShedAwareAsync(RequestTimes times, string partner, object body, string key)
    {
        while (true)
        {
            times.Sent = Stopwatch.GetTimestamp();
            using var message = Post("api/requests", deployment.Tokens.Partner(partner), body);
            message.Headers.Add("Idempotency-Key", key);
            var response = await http.SendAsync(message);
            if (times.Shed >= Shedding.MaxResubmissions || Shedding.RetryAfter(response, DateTimeOffset.UtcNow) is not { } wait)
            {
                return response;
            }

            response.Dispose();
            times.Shed++;
            Interlocked.Increment(ref shed);
            await Task.Delay(wait);
        }
    }

    public static HttpRequestMessage Post(string path, string token, object body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return message;
    }
}
