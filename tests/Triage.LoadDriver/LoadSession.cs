namespace Triage.LoadDriver;

/// <summary>
/// One load mode's deployment and its traffic, with money paid in first; and what "done" means for a
/// request in it: its outcome when the driver answers the approvals, else its first notification.
/// </summary>
internal sealed class LoadSession : IAsyncDisposable
{
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
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public bool Done(RequestTimes t) => DoneAt(t) > 0;

    /// <summary>When the request was done (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), 0 if not yet.</summary>
    public long DoneAt(RequestTimes t) => Answer ? t.Outcome : t.FirstNotified;

    /// <summary>Until every accepted request of <paramref name="set"/> is done, or nothing moved for <paramref name="settle"/>.</summary>
    public Task<bool> WaitAsync(string title, IReadOnlyCollection<RequestTimes> set, TimeSpan settle) =>
        LiveProgress.RunAsync(title, () => Traffic.Progress, () => Traffic.WaitAsync(set, Done, settle));

    public async ValueTask DisposeAsync()
    {
        await Traffic.DisposeAsync();
        if (owned)
        {
            await Deployment.DisposeAsync();
        }
    }
}
