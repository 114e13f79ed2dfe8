namespace SemSrDashboard.Engine.Domain;

/// <summary>Status words of one image-and-method result.</summary>
public static class ResultStatus
{
    public const string Ok = "ok";
    public const string Failed = "failed";
}
