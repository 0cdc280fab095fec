using System.Diagnostics;
using System.Text.RegularExpressions;
using Triage.Hosting.Tests.Api;
using Triage.Storage;
using Triage.Testing;

namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>
/// kill -9 of the harness with requests in flight: its worker goes with it (the worker's stream to the
/// host closes and the harness's watch ends it), and a restarted harness on the same task hub finishes
/// every request, once.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostDurabilityTests : IClassFixture<FunctionsHostKillFixture>
{
    private const int Requests = 12;
    private readonly FunctionsHostKillFixture api;

    public FunctionsHostDurabilityTests(FunctionsHostKillFixture api) => this.api = api;

    [Fact]
    public async Task KillDashNine_WithRequestsInFlight_WorkerExits_RestartFinishesEveryRequestOnce()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => api.SubmitAsync(i % 2 == 0 ? Persona.PartnerLby : Persona.PartnerIrq, ApiHostFixture.SmallRequest(title: $"Kill test {i}"))));
        await api.WaitForPendingStepAsync(ids[0], ApiHostFixture.FirstLibyaStep);
        var worker = WorkerPid(api.Process.Output);

        await api.Process.KillAsync(entireTree: false);
        var gone = Stopwatch.StartNew();
        while (Alive(worker) && gone.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100);
        }

        Assert.False(Alive(worker), $"The worker (pid {worker}) outlived the killed harness.");

        await api.Process.StartAsync(TimeSpan.FromSeconds(120));
        var scenarios = new KillScenarios(api);
        foreach (var id in ids)
        {
            await scenarios.ApproveAsync(id);
        }

        foreach (var id in ids)
        {
            var view = await api.GetRequestAsync(id);
            Assert.Equal("Approved", view["outcome"]!.GetValue<string>());
            Assert.Single(view["timeline"]!.AsArray(), t => t!["kind"]!.GetValue<string>() == "outcome");
        }
    }

    private static int WorkerPid(string output) => int.Parse(Regex.Match(output, @"worker [0-9.]+, pid (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static bool Alive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The shared scenarios' approver, for this test's requests.</summary>
    private sealed class KillScenarios(ApiHostFixture api) : EndToEndScenarios(api)
    {
        public Task<List<string>> ApproveAsync(string id) => ApproveUntilOutcomeAsync(id);
    }
}
