using Spectre.Console;
using Triage.LoadDriver;

// dotnet run -c Release --project tests/Triage.LoadDriver -- MODE [options]   (usage: DriverOptions.Usage)
if (args.Length > 0 && args[0] is "--help" or "-h" or "help")
{
    Console.WriteLine(DriverOptions.Usage);
    return 0;
}

DriverOptions options;
try
{
    options = DriverOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(DriverOptions.Usage);
    return 2;
}

if (!AnsiConsole.Profile.Capabilities.Interactive)
{
    AnsiConsole.Profile.Width = 180; // A log file has no terminal width; keep the table's rows whole.
}

var report = new RunReport(options.Mode, options.CommandLine, MachineInfo.Current());
Console.WriteLine($"Triage load driver: {options.CommandLine}");
Console.WriteLine($"Machine: {report.Machine}");
await ModeRunner.RunAsync(options, report);
report.Print();
Console.WriteLine($"Results: {report.Save(options.Out)}");
return 0;
