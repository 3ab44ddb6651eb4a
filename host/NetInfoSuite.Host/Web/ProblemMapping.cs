using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Pipeline;
using Npgsql;

namespace NetInfoSuite.Host.Web;

/// <summary>Turns what handlers throw into ProblemDetails. Field errors come as an `errors` map in the
/// caller's language (zh-CN unless Accept-Language asks for en) plus `localizedErrors` with both. A browser
/// navigating gets the shell's error page instead (<see cref="ErrorPages"/>).</summary>
internal sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (ErrorPages.IsBrowser(http.Request)) return false;
        var problem = For(exception);
        if (problem is null) return false;

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
            { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The problem an exception stands for; null for an unexpected one (a 500).</summary>
    internal static ProblemDetails? For(Exception exception) =>
        exception switch
        {
            RuleViolationException r => Invalid(r.Violations),
            BadHttpRequestException b => Invalid([Unreadable(b)]),
            NotFoundException n => Problem(404, "not-found", "未找到", "Not found", $"{n.What} '{n.Id}'"),
            ForbiddenException f => Problem(403, "forbidden", "无权执行此操作", "Forbidden", $"The permission '{f.Permission}' is required."),
            ModuleUnavailableException m => Problem(503, "module-unavailable", "模块不可用", "Module unavailable", m.Message),
            _ when FindUniqueViolation(exception) is { } pg => Problem(409, "conflict", "与已有记录冲突",
                "Conflicts with an existing record", pg.ConstraintName ?? pg.MessageText),
            // Optimistic concurrency: someone changed the record since this command read it; nothing was stored.
            _ when IsConcurrentChange(exception) => Problem(409, "concurrent-change", "记录已被他人同时修改，未保存，请刷新后重试",
                "Someone else changed this record at the same time; nothing was saved. Reload and try again", exception.Message),
            _ => null,
        };

    private static ProblemDetails Invalid(IReadOnlyList<Violation> errors)
    {
        var problem = Problem(400, "validation", "输入无效", "Invalid input",
            new LocalizedText("一个或多个字段无效。", "One or more fields are invalid.").Current);
        problem.Extensions["errors"] = Group(errors, e => new LocalizedText(e.MessageZhCn, e.MessageEn).Current);
        problem.Extensions["localizedErrors"] = new Dictionary<string, object>
        {
            ["zh-CN"] = Group(errors, e => e.MessageZhCn),
            ["en"] = Group(errors, e => e.MessageEn),
        };
        return problem;
    }

    private static Dictionary<string, string[]> Group(IEnumerable<Violation> errors, Func<Violation, string> message) =>
        errors.GroupBy(e => JsonName(e.Field)).ToDictionary(g => g.Key, g => g.Select(message).ToArray());

    /// <summary>Field names as they appear in the JSON body: camelCase, path by path.</summary>
    internal static string JsonName(string field) =>
        string.Join('.', field.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));

    /// <summary>A body that is not JSON, or a value of the wrong type, names the field when it can.</summary>
    private static Violation Unreadable(BadHttpRequestException b)
    {
        if (b.InnerException is JsonException { Path: { } path } json)
        {
            var field = path.TrimStart('$', '.');
            if (json.Message.StartsWith(PlainText.ControlMarker, StringComparison.Ordinal)) return PlainText.ControlViolation(field == "" ? "body" : field);
            if (json.Message.StartsWith(PlainText.DateMarker, StringComparison.Ordinal)) return PlainText.DateViolation(field == "" ? "body" : field);
            return new Violation(field == "" ? "body" : field,
                "该值无法读取：类型或取值不对", "The value cannot be read: wrong type or not an allowed value");
        }
        // "Failed to bind parameter "int? page" from "abc"." names a route or query parameter.
        var bound = System.Text.RegularExpressions.Regex.Match(b.Message, "parameter \"(?:[^\"]* )?(\\w+)\" from \"([^\"]*)\"");
        if (bound.Success)
            return new Violation(JsonName(bound.Groups[1].Value), $"“{bound.Groups[2].Value}”不是有效的值",
                $"'{bound.Groups[2].Value}' is not a valid value");
        return new Violation("body", "请求内容无法读取：" + b.Message, "The request cannot be read: " + b.Message);
    }

    private static ProblemDetails Problem(int status, string type, string titleZh, string titleEn, string detail) => new()
    {
        Status = status,
        Type = $"urn:netinfo:problem:{type}",
        Title = new LocalizedText(titleZh, titleEn).Current,
        Detail = detail,
    };

    private static bool IsConcurrentChange(Exception? e) => e switch
    {
        null => false,
        JasperFx.ConcurrencyException => true,
        AggregateException a => a.InnerExceptions.Any(IsConcurrentChange),
        _ => IsConcurrentChange(e.InnerException),
    };

    private static PostgresException? FindUniqueViolation(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg) return pg;
        return null;
    }
}
