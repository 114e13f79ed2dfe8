using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>A host environment whose content root is a test's temporary folder (relative data roots resolve there).</summary>
internal sealed class TestHostEnvironment(string contentRoot) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = "Test";
    public string ApplicationName { get; set; } = "SemSrDashboard";
    public string ContentRootPath { get; set; } = contentRoot;
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
