using System.Text.Json;
using Triage.LoadDriver;

namespace Triage.LoadDriver.Tests;

public class RunReportTests
{
    [Fact]
    public void Latency_and_spread_are_written_as_the_summary_shows_them()
    {
        Assert.Equal("p50 50 ms, p95 95 ms, p99 99 ms (n = 101)", Stats.Latency(Enumerable.Range(0, 101).Select(i => (double?)i)));
        Assert.Equal("none", Stats.Latency([null, null]));
        Assert.Equal("1.00× (0.90–1.20, 3 pairs)", Stats.Spread([0.9, 1.0, 1.2], "×", "pairs"));
        Assert.Equal("12.3 s", Stats.Ms(12_345));
    }

    [Fact]
    public void The_summary_prints_and_saves_machine_command_and_figures()
    {
        var report = new RunReport("steady", "steady --rate 10", MachineInfo.Current());
        report.Add("steady 10/s", "submit → 202", "p50 5 ms, p95 9 ms, p99 20 ms (n = 10)", "p99 < 50 ms", met: true);
        report.Series["steady 10/s"] = new[] { new { minute = 1, sent = 600, p50 = double.NaN } };
        report.Print();
        var path = Path.Combine(Path.GetTempPath(), $"load-report-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(path, report.Save(path));
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            Assert.Equal("steady --rate 10", root.GetProperty("command").GetString());
            Assert.Equal(Environment.ProcessorCount, root.GetProperty("machine").GetProperty("cores").GetInt32());
            var figure = root.GetProperty("figures")[0];
            Assert.Equal("submit → 202", figure.GetProperty("measure").GetString());
            Assert.True(figure.GetProperty("met").GetBoolean());
            Assert.Equal(600, root.GetProperty("series").GetProperty("steady 10/s")[0].GetProperty("sent").GetInt32());
            Assert.Contains("| steady 10/s | submit → 202 | p50 5 ms, p95 9 ms, p99 20 ms (n = 10) | p99 < 50 ms: met |", File.ReadAllText(Path.ChangeExtension(path, ".md")), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
            File.Delete(Path.ChangeExtension(path, ".md"));
        }
    }
}
