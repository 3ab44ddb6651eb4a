namespace NetInfoSuite.Host.Pipeline;

/// <summary>The ordered extension point of the MediatR pipeline: every request passes these
/// open-generic behaviors outermost first. Later work slots authorization, tenancy and audit in
/// by order, between validation and the handler.</summary>
public static class PipelineStages
{
    public const int Logging = 100;
    public const int Validation = 200;
    public const int Authorization = 300;
    public const int Tenancy = 400;
    public const int Audit = 500;

    public static readonly IReadOnlyList<(int Order, Type Behavior)> Host =
    [
        (Logging, typeof(LoggingBehavior<,>)),
        (Validation, typeof(ValidationBehavior<,>)),
    ];
}
