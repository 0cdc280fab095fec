using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Triage.Api;
using Triage.Application;
using Triage.Storage;

namespace Triage.Hosting.Tests;

/// <summary>
/// The Azure Functions app, as the Functions host will see it: the <c>functions.metadata</c> file its
/// build generates. Every orchestration and activity the self-host registers is a function with the
/// right trigger, the decisions queue has its trigger, no HTTP function relies on platform keys, and
/// every HTTP function passes the rules the host applies when it loads them (<see cref="HostRouteRules"/>).
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<JsonArray> Metadata = new(Load);

    [Fact]
    public void Orchestrations_AreOrchestrationTriggerFunctions_WithTheSelfHostNames()
    {
        Assert.Equal(Names(SelfHostTasks().GetOrchestrators().Select(o => o.Key)), FunctionsWithTrigger("orchestrationTrigger"));
    }

    [Fact]
    public void Activities_AreActivityTriggerFunctions_WithTheSelfHostNames()
    {
        var registered = Names(SelfHostTasks().GetActivities().Select(a => a.Key));

        Assert.Equal(Names(WorkflowSetup.ActivityTypes.Select(t => new TaskName(t.Name))), registered);
        Assert.Equal(registered, FunctionsWithTrigger("activityTrigger"));
    }

    [Fact]
    public void EveryTaskClassOfTheApplication_IsRegisteredInTheSelfHost()
    {
        // An activity or orchestrator class that AddTriageTasks misses (not deriving from the activity
        // base, say) would be missing from both hosts without failing the tests above.
        Assert.Equal(TaskClassNames(typeof(ITaskActivity)), Names(SelfHostTasks().GetActivities().Select(a => a.Key)));
        Assert.Equal(TaskClassNames(typeof(ITaskOrchestrator)), Names(SelfHostTasks().GetOrchestrators().Select(o => o.Key)));
    }

    [Fact]
    public void ApprovalDecisions_HasAQueueTrigger_OnTheStorageConnection_WithADurableClient()
    {
        var function = Assert.Single(Functions(), f => Bindings(f).Any(b => (string?)b["type"] == "queueTrigger"));
        var trigger = Bindings(function).Single(b => (string?)b["type"] == "queueTrigger");
        // A binding expression the host resolves from its app settings, so the queue follows
        // Storage:NamePrefix like the name approvers are told (StorageNames.ApprovalDecisionsQueue).
        Assert.Equal($"%{StorageNames.ApprovalDecisionsQueueSetting}%", (string?)trigger["queueName"]);
        Assert.Equal("AzureWebJobsStorage", (string?)trigger["connection"]);
        Assert.Contains(Bindings(function), b => (string?)b["type"] == "durableClient");
    }

    [Fact]
    public void TheReconcilerAndTheStepTimers_RunOnTimers_WithADurableClient()
    {
        var timers = Functions().Where(f => Bindings(f).Any(b => (string?)b["type"] == "timerTrigger")).ToList();
        Assert.Equal(["RaiseDueStepTimers", "ReconcileAllRequests", "ReconcileOpenRequests"], timers.Select(f => (string)f["name"]!).Order(StringComparer.Ordinal));
        Assert.All(timers, f => Assert.Contains(Bindings(f), b => (string?)b["type"] == "durableClient"));
        Assert.Equal("0 */5 * * * *", Schedule("ReconcileOpenRequests"));

        // Six fields, seconds first: a step's reminder point or deadline is raised within 10 s of its time.
        Assert.Equal("*/10 * * * * *", Schedule("RaiseDueStepTimers"));

        string? Schedule(string name) =>
            (string?)Bindings(timers.Single(f => (string?)f["name"] == name)).Single(b => (string?)b["type"] == "timerTrigger")["schedule"];
    }

    [Fact]
    public void HttpFunctions_AreAnonymousAtThePlatform_AndValidateTokensInTheWorker()
    {
        var http = Functions().Where(f => Bindings(f).Any(b => (string?)b["type"] == "httpTrigger")).ToList();
        Assert.NotEmpty(http);
        Assert.All(http, f => Assert.Equal("Anonymous", (string?)Bindings(f).Single(b => (string?)b["type"] == "httpTrigger")["authLevel"]));
    }

    [Fact]
    public void HttpFunctions_FollowTheFunctionsHostsRules()
    {
        // What ScriptHost.ValidateFunction would refuse at load (the function then answers 404 in Azure):
        // a route starting with admin or runtime, a route+method another function has, a name outside
        // the name pattern or used twice; and a route the host's name-ordered matching never reaches.
        var http = HttpFunctions();
        Assert.Empty(HostRouteRules.Violations(http));

        Assert.All(http, f => Assert.False(HostRouteRules.IsReservedRoute(f.EffectiveRoute), $"{f}: {HostRouteRules.BuiltInRouteConflict}"));
        var names = Functions().Select(f => (string)f["name"]!).ToList();
        Assert.All(names, n => Assert.True(HostRouteRules.IsValidFunctionName(n), $"'{n}' is not a valid function name."));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void HttpFunctions_AreTheRouteTables_AndTheCatchAll()
    {
        static string Key(HttpFunctionRoute f) =>
            $"{f.Name} {f.EffectiveRoute} {string.Join(",", f.Methods.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal))}";

        Assert.Equal(
            ApiRoutes.HttpFunctions.Select(Key).Order(StringComparer.Ordinal),
            HttpFunctions().Select(Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CatchAll_TakesEveryMethod_SortsAfterEveryHttpFunction_AndConflictsWithNone()
    {
        // The host tries HTTP routes in function-name order (FunctionMetadataManager sorts by name,
        // OrdinalIgnoreCase) with no route precedence, so the catch-all must come last.
        var http = HttpFunctions();
        var catchAll = Assert.Single(http, f => f.Name == RouteNames.Unmatched);
        Assert.Equal(RouteTemplates.Unmatched, catchAll.Route);
        Assert.True(catchAll.AllMethods);
        Assert.Equal(RouteNames.Unmatched, http.Select(f => f.Name).Order(HostRouteRules.HostOrder).Last());
        Assert.All(http.Where(f => f != catchAll), f =>
        {
            Assert.True(HostRouteRules.HostOrder.Compare(f.Name, catchAll.Name) < 0, $"{f.Name} sorts after {catchAll.Name}");
            Assert.False(HostRouteRules.RoutesConflict(f, catchAll), $"{f} conflicts with {catchAll}");
        });
    }

    [Fact]
    public void EveryFunction_IsDotnetIsolated_InTheFunctionsAssembly()
    {
        Assert.All(Functions(), f =>
        {
            Assert.Equal("dotnet-isolated", (string?)f["language"]);
            Assert.Equal("Triage.Functions.dll", (string?)f["scriptFile"]);
        });
    }

    /// <summary>What the self-host's worker registers (<c>registry.AddTriageTasks()</c>, as in TriageLocalHost).</summary>
    private static DurableTaskRegistry SelfHostTasks() => new DurableTaskRegistry().AddTriageTasks();

    private static SortedSet<string> Names(IEnumerable<TaskName> names) => new(names.Select(n => n.Name), StringComparer.Ordinal);

    private static SortedSet<string> TaskClassNames(Type taskInterface) =>
        new(typeof(WorkflowSetup).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && taskInterface.IsAssignableFrom(t))
            .Select(t => t.Name), StringComparer.Ordinal);

    private static SortedSet<string> FunctionsWithTrigger(string type) =>
        new(Functions().Where(f => Bindings(f).Any(b => (string?)b["type"] == type)).Select(f => (string)f["name"]!), StringComparer.Ordinal);

    private static IEnumerable<JsonObject> Functions() => Metadata.Value.Select(f => f!.AsObject());

    /// <summary>The HTTP functions as the host reads them: no route means the name, no methods every method.</summary>
    private static List<HttpFunctionRoute> HttpFunctions() =>
        [.. Functions().SelectMany(f => Bindings(f).Where(b => (string?)b["type"] == "httpTrigger").Select(b => new HttpFunctionRoute(
            (string)f["name"]!,
            (string?)b["route"],
            b["methods"] is JsonArray methods ? [.. methods.Select(m => (string)m!)] : [])))];

    private static IEnumerable<JsonObject> Bindings(JsonObject function) => function["bindings"]!.AsArray().Select(b => b!.AsObject());

    /// <summary>Reads the generated file, building the Functions app in this test's configuration if needed.</summary>
    private static JsonArray Load()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var project = Path.Combine(RepositoryRoot.Find(), "functions", "Triage.Functions");
        var file = Path.Combine(project, "bin", configuration, "net10.0", "functions.metadata");
        if (!File.Exists(file))
        {
            using var build = Process.Start("dotnet", ["build", project, "-c", configuration, "--nologo", "-v", "q"])!;
            build.WaitForExit();
            Assert.Equal(0, build.ExitCode);
        }

        return JsonNode.Parse(File.ReadAllText(file))!.AsArray();
    }
}
