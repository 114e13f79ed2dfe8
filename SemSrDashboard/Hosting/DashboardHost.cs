using System.Reflection;
using MudBlazor.Services;
using SemSrDashboard.Components;
using SemSrDashboard.Services;

namespace SemSrDashboard.Hosting;

/// <summary>Builds the dashboard's web application.</summary>
public static class DashboardHost
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        string contentRoot = ContentRoot();
        string assets = Path.GetFullPath(Path.Combine(contentRoot, "..", "wwwroot-assets"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // This assembly, not the entry one (a test host, say), names the static web assets manifest.
            ApplicationName = typeof(DashboardHost).Assembly.GetName().Name,
            ContentRootPath = contentRoot,
            WebRootPath = Directory.Exists(assets) ? assets : null,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);

        string? accessKey = builder.Configuration[$"{DashboardOptions.Section}:AccessKey"];
        var urls = (builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? DefaultUrl)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        AccessKey.EnsureSafeBinding(urls, accessKey);
        if (!string.IsNullOrWhiteSpace(accessKey))
            builder.Services.AddAccessKey();

        // Component libraries' files (_content/…, _framework/…) from the build's static web assets manifest in every
        // environment, not only Development; a published app has no such manifest and serves them from its web root.
        builder.WebHost.UseStaticWebAssets();
        int retention = builder.Configuration.GetValue($"{DashboardOptions.Section}:DisconnectedCircuitRetentionSeconds", 180);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(
            circuits => circuits.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(Math.Max(1, retention)));
        builder.Services.AddMudServices(c =>
        {
            c.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            c.SnackbarConfiguration.VisibleStateDuration = 3000;
        });
        builder.Services.AddEvaluationServices(builder.Configuration, builder.Environment);
        configure?.Invoke(builder);

        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        // A page address nothing answers gets the dashboard's own "not found" page (endpoints that explain their 404
        // in the body keep their message). Only for GET: a refused form post keeps its bare status code.
        app.UseWhen(context => HttpMethods.IsGet(context.Request.Method),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        if (!string.IsNullOrWhiteSpace(accessKey))
            app.UseAccessKey(accessKey);
        // Before every file handler, so that the component libraries' versioned files get their long cache whichever
        // handler serves them.
        app.UseVersionedAssetCaching();
        // The front-end assets of ../wwwroot-assets (the web root), served before routing: otherwise MapStaticAssets'
        // handler for a build (not published) manifest claims them first and warns on every request that they are not
        // in its manifest.
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAntiforgery();
        app.MapStaticAssets(); // component libraries' assets (MudBlazor, Plotly.Blazor)
        app.MapExports();
        app.MapImages();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>The project folder when the app runs from a checkout (so configuration paths such as
    /// <c>../demo-data</c> resolve wherever it is started from), else the folder of the executable.</summary>
    private static string ContentRoot()
    {
        string? project = typeof(DashboardHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
        return project is not null && File.Exists(Path.Combine(project, "appsettings.json")) ? project : AppContext.BaseDirectory;
    }
}
