using Npgsql;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

/// <summary><c>--db</c> / <c>$SEMSR_DB</c> / <c>SemSr:Database</c>: a SQLite path or a PostgreSQL connection string in
/// URI or keyword form, read back through Npgsql's own parser, and named only with the password masked.</summary>
public sealed class DatabaseTargetTests
{
    /// <summary>A password holding every character that delimits something in one of the two forms.</summary>
    private const string NastyPassword = "p@ss;w=rd:/?#'\" x%";

    [Fact]
    public void A_plain_path_is_a_SQLite_file_made_absolute_against_the_base_directory()
    {
        var target = DatabaseTarget.Parse("data/semsr.db", "/srv/lab");
        Assert.Equal(DatabaseProvider.Sqlite, target.Provider);
        Assert.Equal("/srv/lab/data/semsr.db", target.FilePath);
        Assert.Equal("/srv/lab/data/semsr.db", target.Display);
        Assert.Equal(Path.GetFullPath("x.db"), DatabaseTarget.Parse("x.db").FilePath);
    }

    [Fact]
    public void A_path_with_an_equals_sign_but_no_host_keyword_stays_a_file()
    {
        var target = DatabaseTarget.Parse("/tmp/run=3;copy.db");
        Assert.Equal(DatabaseProvider.Sqlite, target.Provider);
        Assert.Equal("/tmp/run=3;copy.db", target.FilePath);
    }

    [Theory]
    [InlineData("postgresql://semsr:secret@db.lab.example:5433/results")]
    [InlineData("postgres://semsr:secret@db.lab.example:5433/results")]
    [InlineData("POSTGRESQL://semsr:secret@db.lab.example:5433/results")]
    [InlineData("Host=db.lab.example;Port=5433;Database=results;Username=semsr;Password=secret")]
    [InlineData("  server = db.lab.example ; port=5433; database=results; user id=semsr; password=secret ")]
    public void Uri_and_keyword_forms_name_the_same_server(string text)
    {
        var target = DatabaseTarget.Parse(text);
        Assert.Equal(DatabaseProvider.Postgres, target.Provider);
        var read = new NpgsqlConnectionStringBuilder(target.Connection);
        Assert.Equal("db.lab.example", read.Host);
        Assert.Equal(5433, read.Port);
        Assert.Equal("results", read.Database);
        Assert.Equal("semsr", read.Username);
        Assert.Equal("secret", read.Password);
        Assert.Equal("postgresql://semsr:***@db.lab.example:5433/results", target.Display);
        Assert.Equal(target.Display, target.ToString());
        Assert.DoesNotContain("secret", target.Display);
        Assert.Throws<InvalidOperationException>(() => target.FilePath);
    }

    [Fact]
    public void A_percent_encoded_password_with_at_semicolon_and_equals_is_decoded_and_masked()
    {
        string text = $"postgresql://lab%20user:{Uri.EscapeDataString(NastyPassword)}@h:5432/my%2Fdb";
        var target = DatabaseTarget.Parse(text);
        var read = new NpgsqlConnectionStringBuilder(target.Connection);
        Assert.Equal(NastyPassword, read.Password);
        Assert.Equal("lab user", read.Username);
        Assert.Equal("my/db", read.Database);
        Assert.Equal("postgresql://lab%20user:***@h:5432/my%2Fdb", target.Display);
        Assert.DoesNotContain("p@ss", target.Display);
    }

    [Fact]
    public void A_raw_at_semicolon_and_equals_in_a_URI_password_are_tolerated()
    {
        var target = DatabaseTarget.Parse("postgresql://u:p@ss;w=rd@10.0.0.7/d");
        var read = new NpgsqlConnectionStringBuilder(target.Connection);
        Assert.Equal("p@ss;w=rd", read.Password);
        Assert.Equal("10.0.0.7", read.Host);
        Assert.Equal(5432, read.Port);
        Assert.Equal("postgresql://u:***@10.0.0.7:5432/d", target.Display);
    }

    [Fact]
    public void A_quoted_keyword_password_with_at_semicolon_and_equals_is_read_and_masked()
    {
        var target = DatabaseTarget.Parse("Host=h;Database=d;Username=u;Password='p@ss;w=rd'");
        Assert.Equal("p@ss;w=rd", new NpgsqlConnectionStringBuilder(target.Connection).Password);
        Assert.Equal("postgresql://u:***@h:5432/d", target.Display);
        Assert.DoesNotContain("p@ss", target.Display);
    }

    [Fact]
    public void URI_query_parameters_take_libpq_names()
    {
        var target = DatabaseTarget.Parse("postgresql://u:pw@h/d?sslmode=verify-full&connect_timeout=9&application_name=semsr%20worker");
        var read = new NpgsqlConnectionStringBuilder(target.Connection);
        Assert.Equal(SslMode.VerifyFull, read.SslMode);
        Assert.Equal(9, read.Timeout);
        Assert.Equal("semsr worker", read.ApplicationName);
        Assert.Equal("postgresql://u:***@h:5432/d", target.Display); // parameters may hold secrets: never shown
    }

    [Fact]
    public void Without_a_timeout_of_its_own_a_connection_gives_up_after_five_seconds()
    {
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(DatabaseTarget.Parse("postgresql://h/d").Connection).Timeout);
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(DatabaseTarget.Parse("Host=h;Database=d").Connection).Timeout);
        Assert.Equal(30, new NpgsqlConnectionStringBuilder(DatabaseTarget.Parse("Host=h;Database=d;Timeout=30").Connection).Timeout);
    }

    [Fact]
    public void No_user_no_password_no_database_and_an_IPv6_host()
    {
        var target = DatabaseTarget.Parse("postgresql://[::1]:6000");
        var read = new NpgsqlConnectionStringBuilder(target.Connection);
        Assert.Equal("::1", read.Host);
        Assert.Equal(6000, read.Port);
        Assert.Null(read.Password);
        Assert.Equal("postgresql://[::1]:6000", target.Display);
        Assert.Equal("localhost", new NpgsqlConnectionStringBuilder(DatabaseTarget.Parse("postgresql:///d").Connection).Host);
    }

    [Theory]
    [InlineData("postgresql://u:" + "hunter2" + "@h:70000/d", "not a port number")]
    [InlineData("postgresql://u:" + "hunter2" + "@h/d?no_such_parameter=1", "no_such_parameter")]
    [InlineData("Host=h;Password=" + "hunter2" + ";Frobnicate=1", "frobnicate")]
    public void A_malformed_string_is_refused_without_showing_the_password(string text, string reason)
    {
        var refused = Assert.Throws<FormatException>(() => DatabaseTarget.Parse(text));
        Assert.Contains(reason, refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", refused.ToString());
    }
}
