using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;
using Triage.Functions.Http;
using Triage.Functions.Workflow;
using Triage.Application;
using Triage.Contracts;
using Triage.Application.Telemetry;
using Triage.Api;

// The Functions app: thin triggers over the shared workflow and API. Storage, the Durable Task
// backend and the queue poison rule come from the platform and host.json.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
ApprovalDecisionsFunction.EnsureQueueSetting(builder.Configuration);
builder.Services.AddTriageWorkflow(builder.Configuration);
builder.UseTriageApi();
builder.Services.AddTriageTelemetry(builder.Configuration, "Triage.Functions", otel => otel.UseFunctionsWorkerDefaults());
builder.Build().Run();
