using System.Text.Json.Nodes;
using Triage.FunctionsHost.Rpc;

namespace Triage.FunctionsHost.Worker;

/// <summary>
/// One function the worker indexed, with its bindings as the worker described them (the JSON of
/// functions.metadata, sent as <c>raw_bindings</c>): what the harness loads and later invokes.
/// </summary>
public sealed class LoadedFunction
{
    public LoadedFunction(RpcFunctionMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Metadata = metadata;
        Bindings = [.. metadata.RawBindings.Select(b => JsonNode.Parse(b)!.AsObject())];
        Trigger = Bindings.SingleOrDefault(b => TypeOf(b).EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Function '{metadata.Name}' has no trigger binding.");
    }

    public RpcFunctionMetadata Metadata { get; }

    public string Id => Metadata.FunctionId;

    public string Name => Metadata.Name;

    public IReadOnlyList<JsonObject> Bindings { get; }

    public JsonObject Trigger { get; }

    public string TriggerType => TypeOf(Trigger);

    public string TriggerName => (string)Trigger["name"]!;

    /// <summary>Input bindings of a given type besides the trigger (the Durable client, here).</summary>
    public IEnumerable<string> InputsOfType(string type) =>
        Bindings.Where(b => b != Trigger && IsInput(b) && string.Equals(TypeOf(b), type, StringComparison.OrdinalIgnoreCase)).Select(b => (string)b["name"]!);

    /// <summary>The load request's metadata: the worker's own, with the bindings the host would have
    /// made of the raw ones (type, direction, data type, and the binding's <c>properties</c>, which carry
    /// e.g. <c>supportsDeferredBinding</c>).</summary>
    public RpcFunctionMetadata ForLoad(string appDirectory)
    {
        var load = Metadata.Clone();
        load.Directory = appDirectory;
        load.Bindings.Clear();
        foreach (var binding in Bindings)
        {
            var info = new BindingInfo
            {
                Type = TypeOf(binding),
                Direction = (string?)binding["direction"] switch
                {
                    { } d when d.Equals("out", StringComparison.OrdinalIgnoreCase) => BindingInfo.Types.Direction.Out,
                    { } d when d.Equals("inout", StringComparison.OrdinalIgnoreCase) => BindingInfo.Types.Direction.Inout,
                    _ => BindingInfo.Types.Direction.In,
                },
                DataType = (string?)binding["dataType"] switch
                {
                    { } t when t.Equals("string", StringComparison.OrdinalIgnoreCase) => BindingInfo.Types.DataType.String,
                    { } t when t.Equals("binary", StringComparison.OrdinalIgnoreCase) => BindingInfo.Types.DataType.Binary,
                    { } t when t.Equals("stream", StringComparison.OrdinalIgnoreCase) => BindingInfo.Types.DataType.Stream,
                    _ => BindingInfo.Types.DataType.Undefined,
                },
            };
            if (binding["properties"] is JsonObject properties)
            {
                foreach (var (key, value) in properties)
                {
                    info.Properties[key] = value?.ToString() ?? "";
                }
            }

            load.Bindings[(string)binding["name"]!] = info;
        }

        return load;
    }

    /// <summary>A string setting of the trigger binding (<c>route</c>, <c>queueName</c>, <c>schedule</c>).</summary>
    public string? TriggerSetting(string name) => (string?)Trigger[name];

    /// <summary>The trigger's <c>methods</c>; empty means every method.</summary>
    public IReadOnlyList<string> TriggerMethods =>
        Trigger["methods"] is JsonArray methods ? [.. methods.Select(m => ((string)m!).ToUpperInvariant())] : [];

    private static string TypeOf(JsonObject binding) => (string?)binding["type"] ?? "";

    private static bool IsInput(JsonObject binding) => !string.Equals((string?)binding["direction"], "out", StringComparison.OrdinalIgnoreCase);
}
