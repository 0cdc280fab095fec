using Triage.LoadDriver;
using Triage.HostCommon.Engine;

namespace Triage.LoadDriver.Tests;

public class DriverOptionsTests
{
    [Fact]
    public void A_full_command_line_is_read_option_by_option()
    {
        var options = DriverOptions.Parse(["steady", "--rate", "12.5", "--duration", "90s", "--backend", "memory", "--count", "40", "--settle", "00:00:30", "--no-approvals"]);

        Assert.Equal("steady", options.Mode);
        Assert.Equal(12.5, options.Rate);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Duration);
        Assert.Equal([EngineBackend.Memory], options.Backends);
        Assert.Equal(40, options.Count);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Settle);
        Assert.False(options.Answer);
    }

    [Fact]
    public void Ratio_alternates_on_both_backends_unless_one_is_named()
    {
        Assert.Equal([EngineBackend.Memory, EngineBackend.Azure], DriverOptions.Parse(["ratio"]).Backends);
        Assert.Equal([EngineBackend.Azure], DriverOptions.Parse(["growth"]).Backends);
    }

    [Fact]
    public void The_bare_engine_baseline_runs_on_its_own_hosts_and_growth_first_can_run_bare()
    {
        var baseline = DriverOptions.Parse(["baseline", "--rate", "10", "--pairs", "2"]);
        Assert.Equal("baseline", baseline.Mode);
        Assert.Equal(2, baseline.Pairs);
        Assert.Equal([EngineBackend.Azure], baseline.Backends);
        Assert.False(baseline.Bare);
        Assert.True(DriverOptions.Parse(["growth-first", "--bare"]).Bare);

        var deployment = Assert.Throws<ArgumentException>(() => DriverOptions.Parse(["baseline", "--base-url", "https://triage.example", "--storage", "UseDevelopmentStorage=true", "--token", "x"]));
        Assert.Contains("starts its own hosts", deployment.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--count", "0", "--count")]
    [InlineData("--rate", "fast", "--rate")]
    [InlineData("--duration", "2 minutes", "--duration")]
    [InlineData("--backend", "cosmos", "--backend")]
    [InlineData("--colour", "red", "Unknown option --colour")]
    public void A_bad_option_is_refused_by_name(string name, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => DriverOptions.Parse(["steady", name, value]));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployment_needs_its_storage_and_a_token_and_cannot_run_the_ratio()
    {
        Assert.Throws<ArgumentException>(() => DriverOptions.Parse(["steady", "--base-url", "https://triage.example"]));
        var ratio = Assert.Throws<ArgumentException>(() => DriverOptions.Parse(["ratio", "--base-url", "https://triage.example", "--storage", "UseDevelopmentStorage=true", "--token", "x"]));
        Assert.Contains("starts its own hosts", ratio.Message, StringComparison.Ordinal);

        var given = DriverOptions.Parse(["burst", "--base-url", "https://triage.example/api-root", "--storage", "UseDevelopmentStorage=true", "--token", "x"]);
        Assert.Equal(new Uri("https://triage.example/api-root/"), given.BaseUrl);
    }
}
