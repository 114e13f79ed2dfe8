namespace SemSrDashboard.Engine.Runs;

/// <summary>Who a worker process is: a unique id and where it runs, with the Slurm job and array task when Slurm
/// started it (read from the variables Slurm sets in every task).</summary>
public sealed record WorkerIdentity(string WorkerId, string Host, string? SlurmJobId, int? ArrayTaskId)
{
    public static WorkerIdentity OfThisProcess()
    {
        string host = Environment.MachineName;
        string? job = Variable("SLURM_ARRAY_JOB_ID") ?? Variable("SLURM_JOB_ID");
        int? task = int.TryParse(Variable("SLURM_ARRAY_TASK_ID"), out int t) ? t : null;
        return new WorkerIdentity($"{host}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}", host, job, task);
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
