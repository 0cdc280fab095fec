namespace Triage.LoadDriver;

/// <summary>
/// One load mode's deployment and its traffic, with money paid in first; and what "done" means for a
/// request in it: its outcome when the driver answers the approvals, else its first notification.
/// </summary>
internal sealed class LoadSession : IAsyncDisposable
{
    private const int WarmUpRequests = 5;
    private readonly bool owned;

    private LoadSession(Deployment deployment, Traffic traffic, bool answer, bool owned)
    {
        this.owned = owned;
        Deployment = deployment;
        Traffic = traffic;
        Answer = answer;
    }

    public Deployment Deployment { get; }

    public Traffic Traffic { get; }

    public bool Answer { get; }

    /// <summary>"outcome" or "first notification", for the figures.</summary>
    public string DoneName => Answer ? "outcome" : "first notification";

    public static async Task<LoadSession> StartAsync(DriverOptions options) =>
        await StartAsync(await Deployment.StartAsync(options), options.Answer, owned: true);

    /// <param name="deployment">Where to send the traffic.</param>
    /// <param name="answer">Whether the approvers answer.</param>
    /// <param name="owned">Whether disposing the session stops the deployment too.</param>
    public static async Task<LoadSession> StartAsync(Deployment deployment, bool answer, bool owned)
    {
        var session = new LoadSession(deployment, new Traffic(deployment, answer), answer, owned);
        try
        {
            await session.Traffic.FundAsync();
            await session.WarmUpAsync();
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public bool Done(RequestTimes t) => DoneAt(t) > 0;

    /// <summary>A few requests through every stage before anything is timed: a new host compiles its
    /// code paths and, on Azure Storage, leases its partitions a few seconds after start; a first
    /// batch timed from then would measure that, not the load.</summary>
    private async Task WarmUpAsync()
    {
        var warmUp = await Traffic.SubmitAtOnceAsync(WarmUpRequests);
        await WaitAsync("warm-up", warmUp, TimeSpan.FromSeconds(60));
    }

    /// <summary>When the request was done (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), 0 if not yet.</summary>
    public long DoneAt(RequestTimes t) => Answer ? t.Outcome : t.FirstNotified;

    /// <summary>Until every accepted request of <paramref name="set"/> is done, or nothing moved for
    /// <paramref name="settle"/>, or <paramref name="atMost"/> passed.</summary>
    public Task<bool> WaitAsync(string title, IReadOnlyCollection<RequestTimes> set, TimeSpan settle, TimeSpan? atMost = null) =>
        LiveProgress.RunAsync(title, () => Traffic.Progress, () => Traffic.WaitAsync(set, Done, settle, atMost));

    public async ValueTask DisposeAsync()
    {
        await Traffic.DisposeAsync();
        if (owned)
        {
            await Deployment.DisposeAsync();
        }
    }
}
