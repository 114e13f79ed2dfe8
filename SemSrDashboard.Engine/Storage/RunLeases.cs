namespace SemSrDashboard.Engine.Storage;

/// <summary>The lease columns of the runs table: which process owns a run and until when. Each operation is one
/// conditional update, atomic across processes; <c>Runs/RunLease</c> builds the executor's lease on them. Hand-written
/// SQL on a plain connection (the same on both providers): a run takes its lease before its first image, where EF
/// Core's first command in the process would cost more than the image.</summary>
public sealed class RunLeases(EvaluationDatabase database)
{
    /// <summary>The current holder of the run's lease (null: free or the run does not exist).</summary>
    public string? HolderOf(int runId)
    {
        using var connection = database.OpenConnection();
        using var command = SqlCommands.Create(connection, """SELECT "LeaseOwner" FROM "runs" WHERE "Id" = @id""");
        SqlCommands.Add(command, "@id", runId);
        return SqlCommands.Scalar(command) as string;
    }

    /// <summary>Takes the run's lease when it is free, expired or already ours. Atomic across processes.</summary>
    public bool TryAcquire(int runId, string owner, TimeSpan duration)
    {
        var now = DateTime.UtcNow;
        return Update("""
            UPDATE "runs" SET "LeaseOwner" = @owner, "LeaseExpiresUtc" = @expires
            WHERE "Id" = @id AND ("LeaseOwner" IS NULL OR "LeaseOwner" = @owner OR "LeaseExpiresUtc" < @now)
            """, runId, ("@owner", owner), ("@expires", now + duration), ("@now", now));
    }

    /// <summary>Takes the run's lease from <paramref name="previousOwner"/> whatever its expiry, provided that owner
    /// still holds it (a compare-and-swap, atomic across processes). Only for an owner known to be dead.</summary>
    public bool TakeOver(int runId, string previousOwner, string owner, TimeSpan duration) =>
        Update("""
            UPDATE "runs" SET "LeaseOwner" = @owner, "LeaseExpiresUtc" = @expires WHERE "Id" = @id AND "LeaseOwner" = @previous
            """, runId, ("@owner", owner), ("@expires", DateTime.UtcNow + duration), ("@previous", previousOwner));

    /// <summary>Extends our lease; false when another owner has taken it.</summary>
    public bool Renew(int runId, string owner, TimeSpan duration) =>
        Update("""UPDATE "runs" SET "LeaseExpiresUtc" = @expires WHERE "Id" = @id AND "LeaseOwner" = @owner""",
            runId, ("@owner", owner), ("@expires", DateTime.UtcNow + duration));

    /// <summary>Gives our lease up; does nothing when another owner holds it.</summary>
    public void Release(int runId, string owner) =>
        Update("""UPDATE "runs" SET "LeaseOwner" = NULL, "LeaseExpiresUtc" = NULL WHERE "Id" = @id AND "LeaseOwner" = @owner""",
            runId, ("@owner", owner));

    /// <summary>Runs one conditional update of run <paramref name="runId"/>; true when it changed the row.</summary>
    private bool Update(string sql, int runId, params (string Name, object Value)[] parameters)
    {
        using var connection = database.OpenConnection();
        using var command = SqlCommands.Create(connection, sql);
        SqlCommands.Add(command, "@id", runId);
        foreach (var (name, value) in parameters)
            SqlCommands.Add(command, name, value);
        return SqlCommands.Execute(command) == 1;
    }
}
