using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace SemSrDashboard.Hosting;

/// <summary>Who may look: on loopback the dashboard is open (only this machine's users reach it); bound to any
/// other address it refuses to start without an access key, and with a key every page, hub and endpoint needs a
/// sign-in cookie obtained with that key.</summary>
public static class AccessKey
{
    public const string SignInPath = "/signin";

    /// <summary>Throws <see cref="InvalidOperationException"/> with a clear message when a non-loopback address is
    /// to be bound and no key is configured.</summary>
    public static void EnsureSafeBinding(IEnumerable<string> urls, string? key)
    {
        var exposed = urls.Where(u => !IsLoopback(u)).ToList();
        if (exposed.Count > 0 && string.IsNullOrWhiteSpace(key))
            throw new InvalidOperationException(
                $"refusing to listen on {string.Join(", ", exposed)} without an access key: set SemSr:AccessKey " +
                "(environment variable SemSr__AccessKey) or bind 127.0.0.1 only");
    }

    public static bool IsLoopback(string url)
    {
        string host = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        host = host.Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    public static void AddAccessKey(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.LoginPath = SignInPath;
            options.Cookie.Name = "semsr.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = TimeSpan.FromDays(7);
        });
        services.AddAuthorization();
    }

    /// <summary>Requires the sign-in cookie on every request except the sign-in form itself.</summary>
    public static void UseAccessKey(this WebApplication app, string key)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(SignInPath) || context.User.Identity?.IsAuthenticated == true)
            {
                await next();
                return;
            }
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
                context.Response.Redirect($"{SignInPath}?returnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
            else
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        });

        app.MapGet(SignInPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Results.Content(Form(antiforgery.GetAndStoreTokens(context), returnUrl, failed: false), "text/html"));
        app.MapPost(SignInPath, async (HttpContext context, IAntiforgery antiforgery, [Microsoft.AspNetCore.Mvc.FromForm] SignInForm form) =>
        {
            if (!Matches(form.Key, key))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Results.Content(Form(antiforgery.GetAndStoreTokens(context), form.ReturnUrl, failed: true), "text/html");
            }
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "lab")], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            string target = form.ReturnUrl is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) ? r : "/";
            return Results.Redirect(target);
        });
    }

    public sealed class SignInForm
    {
        public string? Key { get; set; }
        public string? ReturnUrl { get; set; }
    }

    private static bool Matches(string? offered, string expected) =>
        offered is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(offered)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static string Form(AntiforgeryTokenSet tokens, string? returnUrl, bool failed)
    {
        var html = HtmlEncoder.Default;
        return $$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in · SemSrDashboard</title>
            <style>body{font-family:system-ui,sans-serif;display:flex;justify-content:center;margin-top:15vh}
            form{display:flex;flex-direction:column;gap:.75rem;min-width:18rem}input{padding:.5rem}</style></head>
            <body><form method="post" action="{{SignInPath}}">
            <h1>SemSrDashboard</h1><label for="key">Access key</label>
            <input id="key" name="key" type="password" autocomplete="current-password" autofocus required>
            <input type="hidden" name="{{html.Encode(tokens.FormFieldName)}}" value="{{html.Encode(tokens.RequestToken ?? "")}}">
            <input type="hidden" name="returnUrl" value="{{html.Encode(returnUrl ?? "/")}}">
            {{(failed ? "<p role=\"alert\">That key is not right.</p>" : "")}}
            <button type="submit">Sign in</button></form></body></html>
            """;
    }
}
