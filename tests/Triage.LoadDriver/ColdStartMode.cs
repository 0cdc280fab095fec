using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Triage.LoadDriver;

/// <summary>
/// Cold start of the self-host as a user meets it: a new process from its build output (Azurite
/// already running, the driver's own), timed from launch until <c>GET /api/health</c> answers 200.
/// </summary>
internal static class ColdStartMode
{
    public static async Task RunAsync(DriverOptions options, EngineBackend backend, RunReport report)
    {
        var runs = options.Runs;
        await using var azurite = await AzuriteProcess.StartAsync(options.AzuritePort, Results.File($"azurite-coldstart-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log"));
        var dll = Path.Combine(AppContext.BaseDirectory, "Triage.LocalHost.dll");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Find() };
            foreach (var arg in new[] { dll, $"--Urls=http://127.0.0.1:{port}", $"--Durable:Backend={backend}", $"--AzureWebJobsStorage={azurite.ConnectionString}", "--Durable:TaskHubName=coldstart" })
            {
                info.ArgumentList.Add(arg);
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/api/health"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(20);
            }

            times.Add(clock.Elapsed.TotalSeconds);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Console.WriteLine($"  {backend,-6} cold start {run + 1}: {times[^1]:0.00} s");
        }

        report.Add($"cold start, {backend}", "process launch → 200 from /api/health", Stats.Spread(times, " s", "runs"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
