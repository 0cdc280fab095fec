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

// One telemetry pipeline (docs/decisions/0009): host.json puts the Functions host in
// "telemetryMode": "OpenTelemetry", and the worker exports its own spans, metrics and logs through
// OpenTelemetry to the same destinations. UseFunctionsWorkerDefaults tells the host so (it then stops
// forwarding the worker's logs) and adds the worker's invocation span, which hangs under the host's
// span of the call; the worker records no server span of its own for HTTP (incomingHttp: false),
// since the host's is the request.
builder.Services.AddTriageTelemetry(
    builder.Configuration,
    TelemetryServiceCollectionExtensions.FunctionsWorkerServiceName(builder.Configuration, elsewhere: "Triage.Functions"),
    otel => otel.UseFunctionsWorkerDefaults(),
    incomingHttp: false);
builder.Build().Run();
