using System.Net;

namespace Triage.LoadDriver;

/// <summary>
/// How the driver reads a shed submission: <c>503</c> with <c>Retry-After</c> means the deployment
/// recorded nothing and asks to be called again later, so the driver waits that long and sends the
/// same submission (same Idempotency-Key) again, as a well-behaved client would.
/// </summary>
internal static class Shedding
{
    /// <summary>Resubmissions of one request before the driver counts it refused: about 45 minutes at the
    /// door with the default Retry-After (5–10 s). At 120 (15 minutes) a 10,000 burst on Azurite on two
    /// cores gave up on 4,058 requests that the door would have let in later.</summary>
    public const int MaxResubmissions = 360;

    /// <summary>The summary's figure: how many shed answers, to how many requests, at most how many to one.</summary>
    public static string Summary(IEnumerable<RequestTimes> requests)
    {
        var shed = requests.Where(t => t.Shed > 0).ToList();
        return shed.Count == 0 ? "none" : $"{shed.Sum(t => t.Shed)} answers to {shed.Count} requests (at most {shed.Max(t => t.Shed)} to one)";
    }

    /// <summary>The wait a shed answer asks for (seconds or an HTTP date, never negative), or null when
    /// the answer is not a shed one.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var wait = header.Delta ?? (header.Date is { } date ? date - now : TimeSpan.Zero);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
