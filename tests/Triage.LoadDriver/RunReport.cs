using System.Text.Json;
using Spectre.Console;

namespace Triage.LoadDriver;

/// <summary>
/// Everything one invocation measured: the machine, the command, the figures in order, and the raw
/// series behind them. Printed as one table and written as JSON.
/// </summary>
internal sealed class RunReport
{
    // A percentile of nothing is NaN; written as "NaN" rather than failing the whole report.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public RunReport(string mode, string command, MachineInfo machine)
    {
        Mode = mode;
        Command = command;
        Machine = machine;
    }

    public string Mode { get; }
    public string Command { get; }
    public MachineInfo Machine { get; }
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? Finished { get; private set; }
    public List<Figure> Figures { get; } = [];

    /// <summary>Series by name (per pair, per batch, per minute), for whoever wants more than the table.</summary>
    public Dictionary<string, object> Series { get; } = [];

    public void Add(string section, string measure, string value, string? target = null, bool? met = null)
    {
        Figures.Add(new Figure(section, measure, value, target, met));
        Console.WriteLine($"  {section} | {measure}: {value}{(target is null ? "" : $" (target {target}: {(met == true ? "met" : "not met")})")}");
    }

    public void Print()
    {
        Finished = DateTimeOffset.UtcNow;
        var table = new Table().Title(Markup.Escape($"dotnet run -c Release --project tests/Triage.LoadDriver -- {Command}"))
            .Caption(Markup.Escape($"{Machine}; {Started:yyyy-MM-dd HH:mm}–{Finished:HH:mm} UTC"))
            .AddColumns("run", "measure", "figure", "target");
        foreach (var f in Figures)
        {
            table.AddRow(Markup.Escape(f.Section), Markup.Escape(f.Measure), Markup.Escape(f.Value),
                f.Target is null ? "" : Markup.Escape($"{f.Target}: {(f.Met == true ? "met" : "not met")}"));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>Writes the JSON, and the table as Markdown beside it (<c>.md</c>, for the docs); returns the JSON's path.</summary>
    public string Save(string? path)
    {
        path ??= Results.File($"{Mode}-{Started:yyyyMMdd-HHmmss}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        File.WriteAllText(Path.ChangeExtension(path, ".md"), Markdown());
        return path;
    }

    /// <summary>The summary as a Markdown table, with the command and the machine above it.</summary>
    public string Markdown()
    {
        var text = new System.Text.StringBuilder()
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"`dotnet run -c Release --project tests/Triage.LoadDriver -- {Command}`")
            .AppendLine()
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{Machine}; {Started:yyyy-MM-dd HH:mm}–{Finished ?? DateTimeOffset.UtcNow:HH:mm} UTC.")
            .AppendLine()
            .AppendLine("| run | measure | figure | target |")
            .AppendLine("|---|---|---|---|");
        foreach (var f in Figures)
        {
            var target = f.Target is null ? "" : $"{f.Target}: {(f.Met == true ? "met" : "**not met**")}";
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {f.Section} | {f.Measure} | {f.Value} | {target} |");
        }

        return text.ToString();
    }
}
