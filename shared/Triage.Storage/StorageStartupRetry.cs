using Azure;
using Microsoft.Extensions.Logging;

namespace Triage.Storage;

/// <summary>
/// How start-up waits for storage that is there but not ready for this identity yet. Right after
/// provisioning, the app's role assignments take a minute or two to reach the storage service, which
/// answers 403 (<c>AuthorizationPermissionMismatch</c> or <c>AuthorizationFailure</c>) until then; a
/// storage front end may also answer 5xx for a while. Both are waited out: exponential back-off from
/// <see cref="FirstDelay"/>, each wait at most <see cref="MaxDelay"/>, in all at most
/// <see cref="GiveUpAfter"/>, each wait logged with the status. Anything else (a wrong key, a missing
/// account, a bad request) fails at once, as does the last error once the time is up.
/// </summary>
public sealed class StorageStartupRetry
{
    /// <summary>The storage error codes of a 403 that heals by itself once role assignments propagate.</summary>
    public static readonly IReadOnlySet<string> PropagatingAuthorizationCodes =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "AuthorizationPermissionMismatch", "AuthorizationFailure" };

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Role assignments usually arrive within a minute or two; five minutes leaves room.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Whether <paramref name="exception"/> is worth waiting out, and why (for the log).</summary>
    public static bool IsTransient(Exception exception, out string reason)
    {
        if (exception is RequestFailedException failed)
        {
            if (failed.Status == 403 && failed.ErrorCode is { } code && PropagatingAuthorizationCodes.Contains(code))
            {
                reason = "the app's storage role assignments are not in effect yet (they take minutes to propagate after provisioning)";
                return true;
            }

            if (failed.Status >= 500)
            {
                reason = "the storage service answered with a server error";
                return true;
            }
        }

        reason = "";
        return false;
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1, 2, …): doubling from
    /// <see cref="FirstDelay"/>, never above <see cref="MaxDelay"/>.</summary>
    public TimeSpan DelayBefore(int retry)
    {
        var factor = Math.Pow(2, Math.Min(Math.Max(retry - 1, 0), 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstDelay.Ticks * factor, MaxDelay.Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    /// <summary>Runs <paramref name="action"/> (which must be safe to run again) until it succeeds, a
    /// non-transient error is thrown, or the time is up. Returns how many attempts it took.</summary>
    public async Task<int> RunAsync(Func<CancellationToken, Task> action, ILogger logger, string what, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action(cancellationToken);
                if (attempt > 1)
                {
                    logger.LogInformation("{What}: storage answered on attempt {Attempt}, after {Elapsed:0} s", what, attempt, Time.GetElapsedTime(started).TotalSeconds);
                }

                return attempt;
            }
            catch (RequestFailedException e) when (IsTransient(e, out var reason) && !cancellationToken.IsCancellationRequested)
            {
                var delay = DelayBefore(attempt);
                var elapsed = Time.GetElapsedTime(started);
                if (elapsed + delay > GiveUpAfter)
                {
                    logger.LogError(e, "{What}: storage still answers {Status} {ErrorCode} after {Attempt} attempts in {Elapsed:0} s; giving up ({Reason})",
                        what, e.Status, e.ErrorCode, attempt, elapsed.TotalSeconds, reason);
                    throw;
                }

                logger.LogWarning("{What}: storage answered {Status} {ErrorCode} (attempt {Attempt}): {Reason}; trying again in {Delay:0.#} s, giving up {Left:0} s from now",
                    what, e.Status, e.ErrorCode, attempt, reason, delay.TotalSeconds, (GiveUpAfter - elapsed).TotalSeconds);
                await Task.Delay(delay, Time, cancellationToken);
            }
        }
    }
}
