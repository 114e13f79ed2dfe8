using Bunit;
using SemSrDashboard.Components.Layout;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The theme follows the operating system until the user picks one, and the pick survives a reload.</summary>
public sealed class ThemePreferenceTests : DashboardTestContext
{
    [Theory]
    [InlineData(null, false, false)]
    [InlineData(null, true, true)]
    [InlineData("dark", false, true)]
    [InlineData("light", true, false)]
    [InlineData("something else", true, true)]
    public void A_stored_choice_wins_over_the_system_preference(string? stored, bool systemDark, bool expected)
    {
        Assert.Equal(expected, ThemePreference.IsDark(stored, systemDark));
        Assert.Equal(stored is not ("dark" or "light"), ThemePreference.FollowsSystem(stored));
    }

    private IRenderedComponent<MainLayout> RenderLayout(string? stored, bool systemDark)
    {
        JSInterop.Setup<string?>("localStorage.getItem", ThemePreference.StorageKey).SetResult(stored);
        JSInterop.Setup<bool>("mudThemeProvider.isDarkMode").SetResult(systemDark);
        var cut = Render<MainLayout>();
        // Watching the system preference is the layout's last theme step: once it is called, the theme is settled.
        cut.WaitForAssertion(() => Assert.Contains(JSInterop.Invocations, i => i.Identifier == "mudThemeProvider.watchDarkMode"));
        return cut;
    }

    private static string Toggle(IRenderedComponent<MainLayout> cut) =>
        cut.Find("[data-testid=theme-toggle]").GetAttribute("aria-label")!;

    [Fact]
    public void Follows_a_dark_system_preference_when_nothing_is_stored()
    {
        var cut = RenderLayout(stored: null, systemDark: true);

        cut.WaitForAssertion(() => Assert.Equal("Switch to the light theme", Toggle(cut)));
    }

    [Fact]
    public void A_stored_light_choice_overrides_a_dark_system()
    {
        var cut = RenderLayout(stored: "light", systemDark: true);

        cut.WaitForAssertion(() => Assert.Equal("Switch to the dark theme", Toggle(cut)));
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "localStorage.setItem");
    }

    [Fact]
    public void Toggling_stores_the_choice_for_the_next_visit()
    {
        var cut = RenderLayout(stored: null, systemDark: false);
        cut.WaitForAssertion(() => Assert.Equal("Switch to the dark theme", Toggle(cut)));

        cut.Find("[data-testid=theme-toggle]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Switch to the light theme", Toggle(cut)));
        var stored = Assert.Single(JSInterop.Invocations, i => i.Identifier == "localStorage.setItem");
        Assert.Equal([ThemePreference.StorageKey, "dark"], stored.Arguments);
    }
}
