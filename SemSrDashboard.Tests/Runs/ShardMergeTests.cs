using Microsoft.Data.Sqlite;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Tests.Runs;

/// <summary><c>evaluate --shard i/N</c> splits a run by path digest; <c>runs merge</c> joins the shard files into
/// the run one process would have made, and refuses overlaps, gaps, unfinished shards and mismatched settings.</summary>
[Collection(RunsCollection.Name)]
public sealed class ShardMergeTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly RunWorkspace _workspace = new();

    [Theory]
    // SHA-256 of the UTF-8 path as an unsigned big-endian integer, mod N: values from Python's hashlib.
    [InlineData("Nanowires/a.png", 3, 2)]
    [InlineData("Nanowires/a.png", 7, 3)]
    [InlineData("Biological/x y.png", 3, 0)]
    [InlineData("Particles/Ünïcode.tif", 1000, 723)]
    [InlineData("a", 3, 1)]
    public void An_image_belongs_to_the_shard_its_path_digest_names(string path, int count, int shard)
    {
        Assert.Equal(shard, RunShard.Of(path, count));
        Assert.True(new RunShard(shard, count).Contains(path));
        Assert.False(new RunShard((shard + 1) % count, count).Contains(path) && count > 1);
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    public async Task A_malformed_shard_is_refused_before_anything_is_written(string shard)
    {
        var (code, _, error) = await Cli("evaluate", "--data", _workspace.Data, "--methods", "bicubic,lanczos", "--shard", shard,
            "--db", _workspace.PathOf("bad.db"));
        Assert.Equal(2, code);
        Assert.Contains($"--shard must be i/N with N at least 1 and i from 0 to N-1, not '{shard}'", error);
        Assert.False(File.Exists(_workspace.PathOf("bad.db")));
    }

    [Fact]
    public async Task Three_shard_files_merge_into_the_run_one_process_makes()
    {
        string[] shards = await EvaluateShards(3, "bicubic,lanczos");
        await Ok("evaluate", "--data", _workspace.Data, "--methods", "bicubic,lanczos", "--store-outputs", "none", "--db", _workspace.PathOf("whole.db"));

        var (code, _, error) = await Cli(["runs", "merge", .. shards, "--into", _workspace.PathOf("merged.db")]);
        Assert.True(code == 0, error);
        Assert.Contains("Merged 3 shards into run 1 of ", error);

        Assert.Equal(await LongCsv("whole.db"), await LongCsv("merged.db"));
        Assert.Equal((await Ok("stats", "--db", _workspace.PathOf("whole.db"), "--model", "lanczos")).Output,
            (await Ok("stats", "--db", _workspace.PathOf("merged.db"), "--model", "lanczos")).Output);
        var list = (await Ok("runs", "list", "--db", _workspace.PathOf("merged.db"))).Output;
        Assert.Contains($"\tcompleted\t{_workspace.ImageCount}/{_workspace.ImageCount}\t", list);

        // Every image was evaluated by exactly one shard, and the work was really split.
        var perShard = shards.Select(ImagePaths).ToList();
        Assert.Equal(_workspace.ImageCount, perShard.Sum(p => p.Count));
        Assert.Equal(_workspace.ImageCount, perShard.SelectMany(p => p).Distinct().Count());
        Assert.True(perShard.Count(p => p.Count > 0) >= 2, string.Join(" / ", perShard.Select(p => p.Count)));
    }

    [Fact]
    public async Task Missing_repeated_unfinished_and_foreign_shards_are_refused_with_the_reason()
    {
        string[] shards = await EvaluateShards(3, "bicubic,lanczos");
        string into = _workspace.PathOf("into.db");

        await Refused([shards[0], shards[2]], into, "shard 1/3 missing: every shard's file is needed");
        await Refused([shards[0], shards[1], shards[1], shards[2]], into, $"shard 1/3 is given twice: {shards[1]}, {shards[1]}");

        // A shard of the same split evaluated with other methods.
        string other = _workspace.PathOf("other1.db");
        await Ok("evaluate", "--data", _workspace.Data, "--methods", "bicubic,bilinear", "--shard", "1/3", "--store-outputs", "none", "--db", other);
        await Refused([shards[0], other, shards[2]], into, "are not shards of one run: methods bicubic,lanczos against bicubic,bilinear");

        // A run that was not made with --shard.
        string whole = _workspace.PathOf("plain.db");
        await Ok("evaluate", "--data", _workspace.Data, "--methods", "bicubic,lanczos", "--store-outputs", "none", "--db", whole);
        await Refused([shards[0], whole, shards[2]], into, "is not a shard (it was not made by evaluate --shard i/N)");

        // An unfinished shard.
        Sql(shards[1], "UPDATE runs SET Status = 'paused'");
        await Refused(shards, into, "is paused; finish it first (evaluate --resume 1 --db ");
        Sql(shards[1], "UPDATE runs SET Status = 'completed'");

        // A lost image (a gap) and an image claimed by a second shard (an overlap).
        string lost = Copy(shards[2], "lost2.db");
        Sql(lost, "DELETE FROM results WHERE ImageId = (SELECT min(Id) FROM images); DELETE FROM images WHERE Id = (SELECT min(Id) FROM images)");
        await Refused([shards[0], shards[1], lost], into, $"of the selection's {_workspace.ImageCount} images: 1 missing");
        string taken = ImagePaths(shards[0]).First();
        string overlapping = Copy(shards[2], "overlap2.db");
        Sql(overlapping, $"UPDATE images SET RelativePath = '{taken}' WHERE Id = (SELECT min(Id) FROM images)");
        await Refused([shards[0], shards[1], overlapping], into, $"image {taken} is in shard 0/3 ({shards[0]}) and in shard 2/3 ({overlapping})");
        Assert.False(File.Exists(into)); // refused merges write nothing
    }

    private async Task<string[]> EvaluateShards(int count, string methods)
    {
        var files = new string[count];
        for (int i = 0; i < count; i++)
        {
            files[i] = _workspace.PathOf($"shard{i}.db");
            await Ok("evaluate", "--data", _workspace.Data, "--methods", methods, "--shard", $"{i}/{count}", "--store-outputs", "none", "--db", files[i]);
        }
        return files;
    }

    private async Task Refused(string[] shards, string into, string reason)
    {
        var (code, _, error) = await Cli(["runs", "merge", .. shards, "--into", into]);
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Contains(reason, error);
    }

    private async Task<string> LongCsv(string db)
    {
        string csv = _workspace.PathOf(db + ".csv");
        await Ok("export", "--db", _workspace.PathOf(db), "--format", "long", "--csv", csv);
        return File.ReadAllText(csv);
    }

    private string Copy(string file, string name)
    {
        string copy = _workspace.PathOf(name);
        File.Copy(file, copy);
        return copy;
    }

    private static List<string> ImagePaths(string db)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT RelativePath FROM images ORDER BY RelativePath";
        using var reader = command.ExecuteReader();
        var paths = new List<string>();
        while (reader.Read())
            paths.Add(reader.GetString(0));
        return paths;
    }

    private static void Sql(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private Task<(int Code, string Output, string Error)> Cli(params string[] args) => CliProcess.RunAsync(_workspace.Root, null, Limit, args);

    private async Task<(string Output, string Error)> Ok(params string[] args)
    {
        var (code, output, error) = await Cli(args);
        Assert.True(code == 0, $"{string.Join(' ', args)}: exit {code}\n{error}");
        return (output, error);
    }

    public void Dispose() => _workspace.Dispose();
}
