namespace NetInfoSuite.Contracts.Errors;

// Handlers throw these; the host turns them into ProblemDetails. Messages come in zh-CN and en.

/// <summary>One refused field: its name as in the request (e.g. "parentId", "rows[3].code") and why.</summary>
public sealed record Violation(string Field, string MessageZhCn, string MessageEn);

/// <summary>Business rules refused the input: 400 with each field and its reason. Nothing was stored.</summary>
public sealed class RuleViolationException(IReadOnlyList<Violation> violations)
    : Exception(string.Join("; ", violations.Select(v => $"{v.Field}: {v.MessageEn}")))
{
    public RuleViolationException(string field, string messageZhCn, string messageEn)
        : this([new Violation(field, messageZhCn, messageEn)]) { }

    public IReadOnlyList<Violation> Violations { get; } = violations;
}

/// <summary>The thing asked for does not exist (or the caller may not know it does): 404.</summary>
public sealed class NotFoundException(string what, string id)
    : Exception($"{what} '{id}' was not found.")
{
    public string What { get; } = what;
    public string Id { get; } = id;
}

/// <summary>No deployed (or enabled) module handles this request. Callers catch it and degrade.</summary>
public sealed class ModuleUnavailableException(string requestType)
    : Exception($"No module available to handle {requestType}.")
{
    public string RequestType { get; } = requestType;
}
