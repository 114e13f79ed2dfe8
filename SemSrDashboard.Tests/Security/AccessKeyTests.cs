using System.Net;
using System.Text.RegularExpressions;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Tests.Security;

public sealed partial class AccessKeyTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-access-").FullName;

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    [InlineData("http://*:5000", false)]
    public void Classifies_loopback_addresses(string url, bool loopback) => Assert.Equal(loopback, AccessKey.IsLoopback(url));

    [Fact]
    public void Refuses_to_bind_a_public_address_without_a_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DashboardHost.Build(Args("http://0.0.0.0:0")));
        Assert.Contains("without an access key", error.Message);
    }

    [Fact]
    public async Task With_a_key_every_page_needs_the_sign_in_cookie()
    {
        await using var app = DashboardHost.Build([.. Args("http://0.0.0.0:0"), "--SemSr:AccessKey=correct horse"]);
        await app.StartAsync();
        int port = new Uri(app.Urls.First().Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1")).Port;
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };

        var page = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/runs/1") { Headers = { { "Accept", "text/html" } } });
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/_blazor/negotiate")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/app.css")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(client, "wrong")).StatusCode);
        var signedIn = await SignIn(client, "correct horse");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/runs/1", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/app.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_rejected()
    {
        await using var app = DashboardHost.Build([.. Args("http://127.0.0.1:0"), "--SemSr:AccessKey=k"]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "k" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await app.StopAsync();
    }

    private static async Task<HttpResponseMessage> SignIn(HttpClient client, string key)
    {
        string form = await client.GetStringAsync("/signin?returnUrl=%2Fruns%2F1");
        var token = TokenField().Match(form);
        Assert.True(token.Success, "the sign-in form carries an antiforgery token");
        return await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = key,
            ["returnUrl"] = "/runs/1",
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
        }));
    }

    private string[] Args(string url) =>
        ["--urls", url, $"--SemSr:Database={Path.Combine(_work, "a.db")}", "--SemSr:DemoRun=false", "--environment", "Production"];

    [GeneratedRegex("""<input type="hidden" name="(__RequestVerificationToken[^"]*)" value="([^"]+)">""")]
    private static partial Regex TokenField();

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
