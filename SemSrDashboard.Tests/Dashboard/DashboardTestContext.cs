using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>A bUnit context with MudBlazor's services and loose JavaScript interop.</summary>
public abstract class DashboardTestContext : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services only dispose asynchronously; xunit calls this before <see cref="IDisposable.Dispose"/>.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    protected DashboardTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
    }
}
