using System.Globalization;

namespace Triage.LoadDriver;

/// <summary>
/// The driver's command line. Every figure it prints names the options it ran with, so a run can be
/// repeated exactly. Bad options are refused with the option named, before anything starts.
/// </summary>
internal sealed record DriverOptions
{
    public const string Usage = """
        dotnet run -c Release --project tests/Triage.LoadDriver -- MODE [options]
        modes:
          ratio    bare engine and product alternated, --pairs per backend; median ratio and spread
          steady   --rate R/s offered for --duration, approvers answering; latency percentiles
          baseline  steady at --rate for --duration, --pairs pairs of the bare engine in the product's shape
                   and the product, alternated; both latencies and their ratio
          growth   --batches equal batches of --count, one after another, each to rest; per-batch rate
          burst    --burst at once; reached, waiting for funds, stuck, lost; the self-host's peak working set
          soak     --soak-rate (or --rate) for --soak (30m), sampled each minute: working set, latency, Azurite size
          report   ratio, steady at --rate, steady at --fast-rate, growth, burst, soak in one run, one table
          coldstart  process launch to a 200 from /api/health, --runs times
          growth-first  --batches of --count into one in-process host, 16 clients, each to its first notification;
                   then a request read and a queue receive with all stored; --bare: the bare engine in
                   the product's shape instead of the product
          list     the admin list and the pipeline report with --count requests seeded through the store
        options:
          --count N (200)  --pairs N (3)  --batches N (5)  --runs N (3)  --rate R (10)  --fast-rate R (50)
          --duration 2m  --fast-duration 1m  --soak 30m  --soak-rate R  --burst N (10000)  --settle 120s (nothing moved for this long = at rest)
          --drain 5m (after a steady offer, wait at most this long for the requests to finish)
          --backend memory|azure (ratio: both; others: azure)  --no-approvals  --bare  --out FILE.json
          --azurite-port P (30000; P, P+1, P+2 for blob, queue, table; a fresh Azurite per run, data on disk)
        against a deployment instead of the self-host it starts:
          --base-url URL  --storage CONNECTION-STRING|https://ACCOUNT.queue.core.windows.net  --prefix P
          --token JWT (partner; also approver unless given)  --approver-token JWT  --admin-token JWT
        """;

    public string Mode { get; init; } = "ratio";
    public int Count { get; init; } = 200;
    public int Pairs { get; init; } = 3;
    public int Batches { get; init; } = 5;
    public int Runs { get; init; } = 3;
    public double Rate { get; init; } = 10;
    public double FastRate { get; init; } = 50;
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);
    public TimeSpan FastDuration { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan Soak { get; init; } = TimeSpan.FromMinutes(30);
    public double? SoakRate { get; init; }
    public int Burst { get; init; } = 10_000;
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(120);
    public TimeSpan Drain { get; init; } = TimeSpan.FromMinutes(5);
    public EngineBackend? Backend { get; init; }
    public bool Answer { get; init; } = true;
    public bool Bare { get; init; }
    public string? Out { get; init; }
    public int AzuritePort { get; init; } = 30000;
    public Uri? BaseUrl { get; init; }
    public string? Storage { get; init; }
    public string? Prefix { get; init; }
    public string? Token { get; init; }
    public string? ApproverToken { get; init; }
    public string? AdminToken { get; init; }

    /// <summary>The command line as given, for the report.</summary>
    public string CommandLine { get; init; } = "";

    public static readonly IReadOnlySet<string> Modes = new HashSet<string> { "ratio", "steady", "growth", "burst", "soak", "report", "coldstart", "growth-first", "list", "baseline" };

    /// <summary>The backends a ratio run alternates on; every other mode runs on the first.</summary>
    public IReadOnlyList<EngineBackend> Backends =>
        Backend is { } one ? [one] : Mode is "ratio" or "report" ? [EngineBackend.Memory, EngineBackend.Azure] : [EngineBackend.Azure];

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static DriverOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DriverOptions { CommandLine = string.Join(' ', args) };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                options = Modes.Contains(name) ? options with { Mode = name } : throw new ArgumentException($"Unknown mode '{name}'; one of {string.Join(", ", Modes)}.");
                continue;
            }

            if (name is "--no-approvals" or "--bare")
            {
                options = name == "--bare" ? options with { Bare = true } : options with { Answer = false };
                continue;
            }

            if (!Usage.Contains(name + " ", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unknown option {name}.");
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--count" => options with { Count = ParsePositive(name, value) },
                "--pairs" => options with { Pairs = ParsePositive(name, value) },
                "--batches" => options with { Batches = ParsePositive(name, value) },
                "--runs" => options with { Runs = ParsePositive(name, value) },
                "--burst" => options with { Burst = ParsePositive(name, value) },
                "--rate" => options with { Rate = ParseRate(name, value) },
                "--fast-rate" => options with { FastRate = ParseRate(name, value) },
                "--duration" => options with { Duration = ParseDuration(name, value) },
                "--fast-duration" => options with { FastDuration = ParseDuration(name, value) },
                "--soak" => options with { Soak = ParseDuration(name, value) },
                "--soak-rate" => options with { SoakRate = ParseRate(name, value) },
                "--settle" => options with { Settle = ParseDuration(name, value) },
                "--drain" => options with { Drain = ParseDuration(name, value) },
                "--backend" => options with { Backend = Enum.TryParse<EngineBackend>(value, ignoreCase: true, out var b) ? b : throw new ArgumentException($"--backend is memory or azure, not '{value}'.") },
                "--out" => options with { Out = value },
                "--azurite-port" => options with { AzuritePort = ParsePositive(name, value) },
                "--base-url" => options with { BaseUrl = Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--base-url is not an absolute URL: '{value}'.") },
                "--storage" => options with { Storage = value },
                "--prefix" => options with { Prefix = value },
                "--token" => options with { Token = value },
                "--approver-token" => options with { ApproverToken = value },
                "--admin-token" => options with { AdminToken = value },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        if (options.BaseUrl is not null && (options.Storage is null || options.Token is null))
        {
            throw new ArgumentException("--base-url needs --storage (to read the notifications and post decisions) and --token.");
        }

        if (options.BaseUrl is not null && options.Mode is "ratio" or "report" or "coldstart" or "growth-first" or "list" or "baseline")
        {
            throw new ArgumentException($"{options.Mode} starts its own hosts; against a deployment use steady, growth, burst or soak.");
        }

        return options;
    }

    /// <summary>"90s", "2m", "1h" or a TimeSpan ("00:02:00").</summary>
    public static TimeSpan ParseDuration(string name, string value)
    {
        var unit = value.Length > 1 ? value[^1] : ' ';
        var number = value[..^1];
        TimeSpan? parsed = unit switch
        {
            's' when double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => TimeSpan.FromSeconds(s),
            'm' when double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) => TimeSpan.FromMinutes(m),
            'h' when double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) => TimeSpan.FromHours(h),
            _ when TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var t) => t,
            _ => null,
        };
        return parsed is { } d && d > TimeSpan.Zero ? d : throw new ArgumentException($"{name} is a duration such as 90s, 2m or 00:02:00, not '{value}'.");
    }

    private static int ParsePositive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} is a positive whole number, not '{value}'.");

    private static double ParseRate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 && r <= 10_000 ? r : throw new ArgumentException($"{name} is requests per second (0 < R ≤ 10000), not '{value}'.");
}
