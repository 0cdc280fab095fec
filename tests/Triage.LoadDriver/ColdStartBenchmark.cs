using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Triage.LocalHost.Engine;

namespace Triage.LoadDriver;

/// <summary>
/// Cold start of the self-host as a user meets it: a new process from its build output (Azurite
/// already running), timed from launch until <c>GET /api/health</c> answers 200.
/// </summary>
internal static class ColdStartBenchmark
{
    public static async Task RunAsync(EngineBackend backend, int runs, TextWriter output)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Triage.LocalHost.dll");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Find() };
            foreach (var arg in new[] { dll, $"--Urls=http://127.0.0.1:{port}", $"--Durable:Backend={backend}", "--Durable:TaskHubName=coldstart" })
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
            output.WriteLine($"  {backend,-6} cold start {run + 1}: {times[^1]:0.00} s");
        }

        output.WriteLine($"{backend,-6} cold start: median {Stats.Median(times):0.00} s from process launch to a 200 from /api/health ({runs} runs)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
