using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SemSrDashboard.Cli;

namespace SemSrDashboard.Tests.Cli;

/// <summary>A PostgreSQL server that cannot be reached at start: one line naming the masked target and the reason,
/// exit code 1, no stack trace, within seconds (the connect timeout), and no password anywhere.</summary>
public sealed class UnreachableDatabaseTests
{
    private const string Password = "hunter2;@=x";

    [Theory]
    [InlineData("runs", "list")]
    [InlineData("evaluate", "--data", ".", "--methods", "bicubic")]
    public async Task A_port_where_nothing_listens_is_refused_at_once(params string[] verb)
    {
        int port = FreePort();
        string db = $"postgresql://semsr:{Uri.EscapeDataString(Password)}@127.0.0.1:{port}/semsr";

        var (code, error, took) = await RunAsync([.. verb, "--db", db]);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal($"error: cannot open database postgresql://semsr:***@127.0.0.1:{port}/semsr: Failed to connect to 127.0.0.1:{port}: Connection refused",
            error.Trim());
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
    }

    [Fact]
    public async Task A_server_that_never_answers_is_given_up_after_the_connect_timeout()
    {
        // Accepts connections (the kernel completes the handshake) and never says a word.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            int port = ((IPEndPoint)silent.LocalEndpoint).Port;
            string db = $"Host=127.0.0.1;Port={port};Database=semsr;Username=semsr;Password='{Password}';Timeout=2";

            var (code, error, took) = await RunAsync(["runs", "list", "--db", db]);

            Assert.Equal(ExitCodes.Failed, code);
            Assert.Equal($"error: cannot open database postgresql://semsr:***@127.0.0.1:{port}/semsr: the server did not answer within 2 s "
                         + "(connect_timeout in a URI, Timeout in keywords)", error.Trim());
            Assert.InRange(took, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task A_connection_string_that_cannot_be_read_is_a_usage_error()
    {
        var (code, error, _) = await RunAsync(["runs", "list", "--db", $"postgresql://semsr:{Password}@127.0.0.1:99999/semsr"]);
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Equal("error: '99999' is not a port number", error.Trim());
    }

    [Fact]
    public async Task The_dashboard_refuses_a_connection_string_that_cannot_be_read_before_it_starts()
    {
        var (code, error, _) = await RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--db", $"postgresql://semsr:{Password}@h/d?bogus=1"]);
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.StartsWith("error: cannot read the PostgreSQL connection string: ", error.Trim());
    }

    private static async Task<(int Code, string Error, TimeSpan Took)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var clock = Stopwatch.StartNew();
        int code = await CommandLine.RunAsync(args, output, error);
        string all = output + error.ToString();
        Assert.DoesNotContain("hunter2", all);
        Assert.DoesNotContain("   at ", all); // no stack trace
        return (code, error.ToString(), clock.Elapsed);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
