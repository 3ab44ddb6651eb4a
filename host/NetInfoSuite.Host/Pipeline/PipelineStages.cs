namespace NetInfoSuite.Host.Pipeline;

/// <summary>The ordered extension point of the MediatR pipeline: every request passes these
/// open-generic behaviors outermost first. Audit wraps validation and authorization so that a refused
/// command is recorded too; later stages (tenancy) slot in by order before the handler.</summary>
public static class PipelineStages
{
    public const int Logging = 100;
    public const int Audit = 150;
    public const int Validation = 200;
    public const int Authorization = 300;
    public const int Tenancy = 400;

    /// <summary>Singleton: the behavior depends on singletons only, so it is built once per request type
    /// rather than once per request.</summary>
    public static readonly IReadOnlyList<(int Order, Type Behavior, bool Singleton)> Host =
    [
        (Logging, typeof(LoggingBehavior<,>), true),
        (Audit, typeof(Audit.AuditBehavior<,>), false),
        (Validation, typeof(ValidationBehavior<,>), true),
        (Authorization, typeof(Security.AuthorizationBehavior<,>), false),
    ];
}
