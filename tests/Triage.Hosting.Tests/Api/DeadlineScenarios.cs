using System.Text.Json.Nodes;

namespace Triage.Hosting.Tests.Api;

/// <summary>
/// Step timers through a host, with seconds-long policy timings (<see cref="ShortDeadlines"/>): a step
/// nobody answers expires and the request ends Expired. <see cref="SelfHostDeadlineTests"/> and
/// <see cref="FunctionsHost.FunctionsHostDeadlineTests"/> run it against each host.
/// </summary>
public abstract class DeadlineScenarios(ApiHostFixture api)
{
    /// <summary>The settings of a host whose approval steps expire within seconds.</summary>
    public static readonly IReadOnlyDictionary<string, string?> ShortDeadlines = new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:00:04",
        ["Policy:Reminder"] = "00:00:02",
        ["Policy:FundsWaitLimit"] = "00:00:04",
        // The self-host raises due step timers every half second (the Functions app's timer: every 10 s).
        ["Workflow:StepTimerInterval"] = "00:00:00.500",
    };

    [Fact]
    public async Task NoDecision_TheStepExpires_AndTheRequestEndsExpired()
    {
        var id = await api.SubmitAsync();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonObject view;
        do
        {
            await Task.Delay(500);
            view = await api.GetRequestAsync(id);
        }
        while (view["outcome"] is not JsonValue && DateTime.UtcNow < deadline);

        Assert.Equal("Expired", view["outcome"]?.GetValue<string>());
        Assert.Contains(view["approvals"]!.AsArray(), a => a!["status"]!.GetValue<string>() == "Expired");
    }
}
