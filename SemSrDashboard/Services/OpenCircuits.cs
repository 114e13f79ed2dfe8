using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SemSrDashboard.Services;

/// <summary>Counts the Blazor circuits (connected browser tabs) the server currently holds: one is counted from the
/// moment it opens until the server releases it, so a count that does not return to zero after the tabs close
/// reveals circuits that are never let go.</summary>
public sealed class OpenCircuits : CircuitHandler
{
    private int _count;

    /// <summary>Circuits opened and not yet closed (a disconnected circuit kept for reconnection still counts).</summary>
    public int Count => Volatile.Read(ref _count);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _count);
        return Task.CompletedTask;
    }
}
