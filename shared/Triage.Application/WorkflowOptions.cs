using System.Globalization;
using System.Xml;
using Microsoft.Extensions.Configuration;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application;

/// <summary>
/// The workflow's knobs, read from configuration. Durations accept ISO 8601 (<c>PT30S</c>) or
/// TimeSpan (<c>00:00:30</c>) spelling.
/// <list type="table">
/// <item><c>Policy:StepDeadline</c>, <c>Policy:Reminder</c>: every approval step on these timings
/// instead of the policy's (tests use seconds); both or neither.</item>
/// <item><c>Policy:FundsWaitLimit</c>: how long a request waits in AwaitingFunds.</item>
/// <item><c>Queues:PollingInterval</c> (1 s), <c>Queues:MaxDequeueCount</c> (5),
/// <c>Queues:VisibilityTimeout</c> (10 s, the wait before a failed message is retried): the self-host's
/// poller of <c>approval-decisions</c>, with the Functions runtime's poison rule.</item>
/// <item><c>Workflow:ActivityMaxAttempts</c> (5), <c>Workflow:ActivityFirstRetry</c> (1 s): the bounded
/// retry of every activity.</item>
/// <item><c>Workflow:StepTimerInterval</c> (10 s): how often the self-host raises the reminder points and
/// deadlines that have come (<see cref="UseCases.RaiseDueStepTimers"/>); zero turns it off.</item>
/// </list>
/// </summary>
public sealed class WorkflowOptions
{
    public TimeSpan? StepDeadline { get; set; }

    public TimeSpan? Reminder { get; set; }

    public TimeSpan? FundsWaitLimit { get; set; }

    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int MaxDequeueCount { get; set; } = 5;

    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int ActivityMaxAttempts { get; set; } = 5;

    public TimeSpan ActivityFirstRetry { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan StepTimerInterval { get; set; } = TimeSpan.FromSeconds(10);

    public static WorkflowOptions FromConfiguration(IConfiguration configuration)
    {
        var o = new WorkflowOptions
        {
            StepDeadline = Duration(configuration["Policy:StepDeadline"]),
            Reminder = Duration(configuration["Policy:Reminder"]),
            FundsWaitLimit = Duration(configuration["Policy:FundsWaitLimit"]),
        };
        o.PollingInterval = Duration(configuration["Queues:PollingInterval"]) ?? o.PollingInterval;
        o.VisibilityTimeout = Duration(configuration["Queues:VisibilityTimeout"]) ?? o.VisibilityTimeout;
        o.ActivityFirstRetry = Duration(configuration["Workflow:ActivityFirstRetry"]) ?? o.ActivityFirstRetry;
        o.StepTimerInterval = Duration(configuration["Workflow:StepTimerInterval"]) ?? o.StepTimerInterval;
        if (int.TryParse(configuration["Queues:MaxDequeueCount"], CultureInfo.InvariantCulture, out var max) && max > 0)
        {
            o.MaxDequeueCount = max;
        }

        if (int.TryParse(configuration["Workflow:ActivityMaxAttempts"], CultureInfo.InvariantCulture, out var attempts) && attempts > 0)
        {
            o.ActivityMaxAttempts = attempts;
        }

        return o;
    }

    /// <summary>A duration setting (<see cref="SettingDurations"/>): null when unset; a value that is no
    /// duration stops the start with the value named.</summary>
    public static TimeSpan? Duration(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : SettingDurations.TryParse(value) ?? throw new FormatException($"'{value}' is not a duration such as 00:00:30 or PT30S.");

    /// <summary>The reference data with this configuration's policy overrides applied.</summary>
    public ReferenceData Apply(ReferenceData data)
    {
        var policy = data.Policy;
        if (StepDeadline is { } deadline)
        {
            var reminder = Reminder ?? deadline / 2;
            policy = policy.WithUniformTimings(deadline, reminder, FundsWaitLimit);
        }
        else if (FundsWaitLimit is { } limit)
        {
            policy = policy with { FundsWaitLimit = limit };
        }

        return ReferenceEquals(policy, data.Policy) ? data : data with { Policy = policy };
    }
}
