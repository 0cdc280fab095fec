namespace Triage.FunctionsHost.Worker;

/// <summary>A worker past its start-up: where its Kestrel listens, its version, its loaded functions.</summary>
public sealed record StartedWorker(Uri HttpUri, string WorkerVersion, FunctionIndex Functions);
