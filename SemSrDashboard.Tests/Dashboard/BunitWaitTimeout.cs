using System.Runtime.CompilerServices;
using Bunit;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>bUnit waits 1 s by default for a component to reach an expected state, which a debounced input misses when
/// the machine is busy (the test suite shares two cores with browser and kill tests). A wait is a hang guard here, not
/// a speed limit.</summary>
internal static class BunitWaitTimeout
{
    [ModuleInitializer]
    internal static void Lengthen() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
}
