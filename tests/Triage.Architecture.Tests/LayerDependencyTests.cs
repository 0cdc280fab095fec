using Triage.Architecture.Tests.Infrastructure;

namespace Triage.Architecture.Tests;

/// <summary>
/// What each layer's code may use, read from the built assemblies: a rule broken names each type that
/// breaks it and the exact types it uses. Layers, bottom up: Domain, Contracts, Storage, Application,
/// Api; the hosts (Triage.Functions, Triage.LocalHost) on top. "Another Triage project" means any
/// csproj under shared/ or functions/ other than the ones a layer may use, so a new project is covered.
/// </summary>
public class LayerDependencyTests
{
    private static readonly string[] Azure = ["Azure", "Microsoft.Azure"];
    private static readonly string[] DurableTask = ["DurableTask", "Microsoft.DurableTask"];
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string Tables = "Azure.Data.Tables";
    private const string Queues = "Azure.Storage.Queues";

    [Fact]
    public void Domain_depends_on_no_Azure_DurableTask_AspNetCore_Extensions_OpenTelemetry_HttpClient_nor_another_Triage_project() =>
        new DependencyRule(
            "Triage.Domain is pure: no Azure.*, Microsoft.Azure.*, DurableTask.*, Microsoft.DurableTask*, Microsoft.AspNetCore*, "
                + "Microsoft.Extensions.*, OpenTelemetry*, System.Net.Http, and no other Triage project.",
            Layers.Assembly(Layers.Domain),
            [.. Azure, .. DurableTask, AspNetCore, "Microsoft.Extensions", "OpenTelemetry", "System.Net.Http", .. Layers.TriageProjectsExcept(Layers.Domain)])
        .Check();

    [Fact]
    public void Contracts_depend_on_no_Azure_DurableTask_AspNetCore_and_on_no_Triage_project_but_Domain() =>
        new DependencyRule(
            "Triage.Contracts (wire shapes) uses nothing of Azure, Durable Task or ASP.NET Core, and no Triage project but Triage.Domain.",
            Layers.Assembly(Layers.Contracts),
            [.. Azure, .. DurableTask, AspNetCore, .. Layers.TriageProjectsExcept(Layers.Domain, Layers.Contracts)])
        .Check();

    [Fact]
    public void Storage_depends_on_no_DurableTask_AspNetCore_Application_Api_nor_host() =>
        new DependencyRule(
            "Triage.Storage knows rows and messages, not workflows or HTTP: no Durable Task, no ASP.NET Core, "
                + "no Triage.Application, Triage.Api or host.",
            Layers.Assembly(Layers.Storage),
            [.. DurableTask, AspNetCore, .. Layers.TriageProjectsExcept(Layers.Domain, Layers.Contracts, Layers.Storage)])
        .Check();

    [Fact]
    public void Application_depends_on_no_AspNetCore_Api_nor_host() =>
        new DependencyRule(
            "Triage.Application knows nothing of HTTP: no Microsoft.AspNetCore*, no Triage.Api, no host.",
            Layers.Assembly(Layers.Application),
            [AspNetCore, .. Layers.TriageProjectsExcept(Layers.Domain, Layers.Contracts, Layers.Storage, Layers.Application)])
        .Check();

    [Fact]
    public void Application_uses_no_table_or_queue_type_directly_only_Triage_Storage() =>
        new DependencyRule(
            $"Triage.Application reaches tables and queues through Triage.Storage: no {Tables} or {Queues} type.",
            Layers.Assembly(Layers.Application),
            [Tables, Queues])
        .Check(ApplicationAllowList);

    /// <summary>Exceptions to the rule: none. Every offence the rule found when it was written has been
    /// fixed; the machinery stays so a test can prove a listed exception is still needed. Do not add lines.</summary>
    private static readonly Allowed[] ApplicationAllowList = [];

    [Fact]
    public void Api_uses_no_table_queue_or_Triage_Storage_type_only_the_use_cases() =>
        new DependencyRule(
            $"Triage.Api (HTTP) goes through the use cases of Triage.Application: no {Tables}, {Queues} or Triage.Storage type, no host.",
            Layers.Assembly(Layers.Api),
            [Tables, Queues, .. Layers.TriageProjectsExcept(Layers.Domain, Layers.Contracts, Layers.Application, Layers.Api)])
        .Check(ApiAllowList);

    /// <summary>Exceptions to the rule: none. Every offence the rule found when it was written has been
    /// fixed; the machinery stays so a test can prove a listed exception is still needed. Do not add lines.</summary>
    private static readonly Allowed[] ApiAllowList = [];

    [Fact]
    public void Functions_triggers_use_no_table_or_queue_client_only_the_QueueMessage_they_bind() =>
        new DependencyRule(
            $"Triage.Functions' triggers stay thin: no {Tables} or {Queues} type, except the {Queues}.Models.QueueMessage a queue trigger binds.",
            Layers.Assembly(Layers.Functions),
            [Tables, Queues])
        {
            ExceptTypes = new HashSet<string>(StringComparer.Ordinal) { $"{Queues}.Models.QueueMessage" },
        }
        .Check();
}
