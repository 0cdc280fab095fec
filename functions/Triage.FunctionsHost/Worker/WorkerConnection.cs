using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Triage.FunctionsHost.Rpc;

namespace Triage.FunctionsHost.Worker;

/// <summary>
/// The worker's open stream, from the host's side: one request and one answer at a time during
/// start-up (init, metadata, a load per function), then any number of invocations in flight, matched
/// by invocation id. The worker's log lines (RpcLog) go to the harness's log.
/// </summary>
public sealed class WorkerConnection
{
    private readonly IServerStreamWriter<StreamingMessage> output;
    // One writer on a gRPC stream at a time: every message goes through this queue.
    private readonly Channel<StreamingMessage> outgoing = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> pending = new();
    private readonly ILogger logger;
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WorkerConnection(string workerId, IServerStreamWriter<StreamingMessage> output, ILogger logger)
    {
        WorkerId = workerId;
        this.output = output;
        this.logger = logger;
    }

    public string WorkerId { get; }

    /// <summary>Completes when the stream ends (the worker exited or the harness stops).</summary>
    public Task Closed => closed.Task;

    /// <summary>Sends a start-up request and waits for its one answer (the start-up steps are one at a time).</summary>
    public Task<StreamingMessage> RequestAsync(StreamingMessage request, string answerKey, CancellationToken cancellationToken) =>
        SendAndWaitAsync(answerKey, request, cancellationToken);

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await SendAndWaitAsync(request.InvocationId, new StreamingMessage { InvocationRequest = request }, cancellationToken);
        return answer.InvocationResponse;
    }

    /// <summary>Reads the worker's messages until the stream ends; runs for the life of the stream.</summary>
    public async Task ReadAsync(IAsyncStreamReader<StreamingMessage> input, CancellationToken cancellationToken)
    {
        var writing = WriteAsync(cancellationToken);
        try
        {
            while (await input.MoveNext(cancellationToken))
            {
                var message = input.Current;
                switch (message.ContentCase)
                {
                    case StreamingMessage.ContentOneofCase.RpcLog:
                        Log(message.RpcLog);
                        break;
                    case StreamingMessage.ContentOneofCase.InvocationResponse:
                        Complete(message.InvocationResponse.InvocationId, message);
                        break;
                    case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                        Complete(message.FunctionLoadResponse.FunctionId, message);
                        break;
                    default:
                        Complete(message.ContentCase.ToString(), message);
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or Grpc.Core.RpcException)
        {
            // The stream broke: the same as its end.
        }
        finally
        {
            outgoing.Writer.TryComplete();
            await writing;
            closed.TrySetResult();
            foreach (var waiting in pending.Values)
            {
                waiting.TrySetException(new IOException("The Functions worker's stream closed."));
            }
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                await output.WriteAsync(message, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The stream ended under the writer; the reader reports it.
        }
    }

    private async Task<StreamingMessage> SendAndWaitAsync(string key, StreamingMessage request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!pending.TryAdd(key, answer))
        {
            throw new InvalidOperationException($"A request keyed '{key}' is already waiting for the worker.");
        }

        try
        {
            if (closed.Task.IsCompleted)
            {
                throw new IOException("The Functions worker's stream is closed.");
            }

            await outgoing.Writer.WriteAsync(request, cancellationToken);

            return await answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            pending.TryRemove(key, out _);
        }
    }

    private void Complete(string key, StreamingMessage message)
    {
        if (pending.TryGetValue(key, out var waiting))
        {
            waiting.TrySetResult(message);
        }
        else
        {
            logger.LogWarning("The worker sent {Kind} for '{Key}', which nothing waits for", message.ContentCase, key);
        }
    }

    private void Log(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        if (log.LogCategory == RpcLog.Types.RpcLogCategory.CustomMetric || !logger.IsEnabled(level))
        {
            return;
        }

        var exception = log.Exception is null ? "" : $"{Environment.NewLine}{log.Exception.Message}{Environment.NewLine}{log.Exception.StackTrace}";
#pragma warning disable CA2254 // The worker's line is the message; it has no template of ours.
        logger.Log(level, $"[{log.Category}] {log.Message}{exception}");
#pragma warning restore CA2254
    }
}
