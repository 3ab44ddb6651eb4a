using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using NetInfoSuite.Contracts.Errors;

namespace NetInfoSuite.Host.Pipeline;

/// <summary>Refuses a request whose non-nullable members are null (a JSON body of {} or null for a required list),
/// then runs every FluentValidation validator of the request before its handler.</summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (RequiredMembers.Missing(request) is { Count: > 0 } missing) throw new RuleViolationException(missing);
        var all = validators as IValidator<TRequest>[] ?? validators.ToArray();
        if (all.Length == 0) return await next();

        var zh = await ValidateIn(Chinese, all, request, cancellationToken);
        if (zh.Count == 0) return await next();

        // Only failures pay for the second language: same rules, same order.
        var en = await ValidateIn(English, all, request, cancellationToken);
        throw new RuleViolationException(
            zh.Select((f, i) => new Violation(f.PropertyName, Plain(f.ErrorMessage), i < en.Count ? en[i].ErrorMessage : f.ErrorMessage))
              .ToList());
    }

    // FluentValidation's Chinese says "不能为Null" for a missing value: say it in words.
    private static string Plain(string zh) => zh.Replace("不能为Null", "不能为空", StringComparison.Ordinal);

    private static async Task<List<ValidationFailure>> ValidateIn(CultureInfo culture, IValidator<TRequest>[] all,
        TRequest request, CancellationToken ct)
    {
        var saved = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var failures = new List<ValidationFailure>();
            foreach (var v in all)
                failures.AddRange((await v.ValidateAsync(request, ct)).Errors);
            return failures;
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}

/// <summary>The request's properties declared non-nullable (reference types), read from the nullable annotations.</summary>
internal static class RequiredMembers
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, System.Reflection.PropertyInfo[]> Cache = new();

    public static List<Violation> Missing(object? request)
    {
        if (request is null) return [];
        var required = Cache.GetOrAdd(request.GetType(), type =>
        {
            var context = new System.Reflection.NullabilityInfoContext();
            return type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && !p.PropertyType.IsValueType &&
                            context.Create(p).ReadState == System.Reflection.NullabilityState.NotNull)
                .ToArray();
        });
        return required.Where(p => p.GetValue(request) is null)
            .Select(p => Web.ProblemMapping.JsonName(p.Name))
            .Select(name => new Violation(name, $"'{name}' 不能为空。", $"'{name}' must not be empty."))
            .ToList();
    }
}
