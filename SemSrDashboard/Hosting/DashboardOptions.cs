namespace SemSrDashboard.Hosting;

/// <summary>The <c>SemSr</c> configuration section. Relative paths are relative to the content root.</summary>
public sealed class DashboardOptions
{
    public const string Section = "SemSr";

    /// <summary>SQLite file or PostgreSQL connection string (see <c>DatabaseTarget</c>); default <c>$SEMSR_DB</c> or
    /// ~/.local/share/SemSrDashboard/semsr.db (shared with the CLI).</summary>
    public string? Database { get; set; }

    /// <summary>Folders under which runs may read data (an allow-list); the first one holds the demo images.</summary>
    public List<string> DataRoots { get; set; } = [];

    /// <summary>Queue a demo run on the first data root when the database holds no run at all.</summary>
    public bool DemoRun { get; set; } = true;

    /// <summary>Methods of the demo run besides bicubic (the default model).</summary>
    public List<string> DemoMethods { get; set; } = [];

    /// <summary>Shared secret required (as a sign-in cookie) when the dashboard listens on anything but loopback.</summary>
    public string? AccessKey { get; set; }

    /// <summary>Seconds a browser tab whose connection dropped without a goodbye keeps its server state, so it can
    /// reconnect (Blazor's default: 180).</summary>
    public int DisconnectedCircuitRetentionSeconds { get; set; } = 180;

    /// <summary>Runs executed at the same time by the background service.</summary>
    public int ConcurrentRuns { get; set; } = 1;

    /// <summary>Folder the dashboard's fine-tuned models, their checkpoints and split lists go to; empty: the user
    /// model folder (<c>$XDG_DATA_HOME/SemSrDashboard/models</c>), which the model lists always offer.</summary>
    public string? FineTuneFolder { get; set; }

    /// <summary>Minutes between checkpoints of a fine-tuning job: a killed dashboard loses at most this much training.</summary>
    public double FineTuneCheckpointMinutes { get; set; } = 5;
}
