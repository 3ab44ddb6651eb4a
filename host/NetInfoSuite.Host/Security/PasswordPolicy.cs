using NetInfoSuite.Contracts.Errors;

namespace NetInfoSuite.Host.Security;

/// <summary>At least 10 characters from at least three of: lower case, upper case, digits, symbols;
/// not the login.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;

    public static Violation? Check(string field, string? password, string login)
    {
        password ??= "";
        var classes = new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit),
            password.Any(c => !char.IsLetterOrDigit(c)) }.Count(x => x);
        if (password.Length < MinLength || classes < 3)
            return new(field, $"密码至少 {MinLength} 位，且包含大写字母、小写字母、数字、符号中的三类",
                $"A password needs at least {MinLength} characters from three of: upper case, lower case, digits, symbols");
        if (string.Equals(password, login, StringComparison.OrdinalIgnoreCase))
            return new(field, "密码不能与登录名相同", "The password cannot be the login");
        return null;
    }

    /// <summary>A one-time password that passes the policy.</summary>
    public static string Generate()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, 14);
        return new string(chars) + "#7";
    }
}
