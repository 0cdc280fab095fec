using System.Diagnostics;

// Not the harness's own code path: the harness names this assembly in DOTNET_STARTUP_HOOKS of the worker
// it starts, so the runtime calls Initialize inside the worker process before the app's Main.
// The worker never exits when its host's gRPC stream closes (it only stops reading), so without this a
// kill -9 of the harness would leave an orphaned worker holding its port. The Functions app is unchanged.
#pragma warning disable CA1050 // The runtime looks the hook up by this exact name, outside any namespace.

/// <summary>Ends the worker process as soon as the harness process that started it is gone.</summary>
internal static class StartupHook
{
    /// <summary>The environment variable carrying the harness's process id.</summary>
    public const string ParentSetting = "TRIAGE_FUNCTIONSHOST_PID";

    public static void Initialize()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(ParentSetting), out var parentId))
        {
            return;
        }

        DateTime parentStart;
        try
        {
            using var parent = Process.GetProcessById(parentId);
            parentStart = parent.StartTime;
        }
        catch (ArgumentException)
        {
            Environment.Exit(1); // Gone before the worker even started.
            return;
        }

        var watch = new Thread(() => Watch(parentId, parentStart)) { IsBackground = true, Name = "harness watch" };
        watch.Start();
    }

    private static void Watch(int parentId, DateTime parentStart)
    {
        while (true)
        {
            Thread.Sleep(250);
            try
            {
                using var parent = Process.GetProcessById(parentId);
                // A new process that got the same id is not the harness.
                if (parent.StartTime == parentStart && !parent.HasExited)
                {
                    continue;
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // The id is free: the harness is gone.
            }

            // At once and without shutdown hooks: there is no host left to finish invocations for.
            Process.GetCurrentProcess().Kill();
        }
    }
}
