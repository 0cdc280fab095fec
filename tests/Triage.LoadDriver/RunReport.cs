using System.Text.Json;
using Spectre.Console;

namespace Triage.LoadDriver;

/// <summary>
/// Everything one invocation measured: the machine, the command, the figures in order, and the raw
/// series behind them. Printed as one table and written as JSON.
/// </summary>
internal sealed class RunReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

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

    /// <summary>Writes the JSON; returns its path.</summary>
    public string Save(string? path)
    {
        path ??= Results.File($"{Mode}-{Started:yyyyMMdd-HHmmss}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        return path;
    }
}
