using System.Diagnostics;
using Spectre.Console;

namespace Triage.LoadDriver;

/// <summary>
/// Shows how far a run has got while it runs: a live status line on a terminal, a plain line every
/// 15 s when the output goes to a file (so a log shows the run's course too).
/// </summary>
internal static class LiveProgress
{
    public static async Task<T> RunAsync<T>(string title, Func<string> describe, Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        string Line() => $"{title} [{clock.Elapsed:mm\\:ss}]: {describe()}";
        var task = work();
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Status().StartAsync(Markup.Escape(Line()), async context =>
            {
                while (await Task.WhenAny(task, Task.Delay(500)) != task)
                {
                    context.Status(Markup.Escape(Line()));
                }
            });
        }
        else
        {
            while (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(15))) != task)
            {
                Console.WriteLine(Line());
            }
        }

        var result = await task;
        Console.WriteLine(Line());
        return result;
    }
}
