namespace Triage.FunctionsHost;

/// <summary>Something to undo at stop, in the list of what the harness owns.</summary>
internal sealed class DisposeAction(Func<ValueTask> action) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => action();
}
