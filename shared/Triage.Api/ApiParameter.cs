namespace Triage.Api;

/// <summary>A query string or header parameter, for validation messages and the OpenAPI document.</summary>
public sealed record ApiParameter(string Name, string In, string Description, string Format = "string");
