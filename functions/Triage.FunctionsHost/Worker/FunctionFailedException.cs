using Triage.FunctionsHost.Rpc;

namespace Triage.FunctionsHost.Worker;

/// <summary>A function invocation the worker reported as failed, with the worker's exception.</summary>
public sealed class FunctionFailedException : Exception
{
    public FunctionFailedException()
    {
    }

    public FunctionFailedException(string message)
        : base(message)
    {
    }

    public FunctionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal FunctionFailedException(string function, RpcException? error)
        : base($"Function '{function}' failed: {error?.Message ?? "no exception reported"}")
    {
        WorkerStackTrace = error?.StackTrace;
        ErrorSource = error?.Source;
    }

    /// <summary>The stack trace the worker reported.</summary>
    public string? WorkerStackTrace { get; }

    /// <summary>The exception's source as the worker reported it.</summary>
    public string? ErrorSource { get; }
}
