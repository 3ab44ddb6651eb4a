namespace NetInfoSuite.Modules.Directory.Domain;

/// <summary>Shape rules shared by the commands; rules that need the stored tree live in the handlers.</summary>
internal static class OrgUnitValidation
{
    public static IRuleBuilderOptions<T, string> ValidCode<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty()
        .MaximumLength(OrgRules.MaxCodeLength)
        .Must(c => string.IsNullOrEmpty(c) || OrgRules.IsValidCode(c))
        .WithMessage(_ => new LocalizedText("编码只能包含字母、数字、“-”和“.”", "A code may contain only letters, digits, '-' and '.'").Current);

    public static IRuleBuilderOptions<T, string> ValidName<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty()
        .MaximumLength(OrgRules.MaxNameLength);
}
