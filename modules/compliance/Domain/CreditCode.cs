namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and the capitals without I, O, Z, S and V; the last is
/// a check character over the first 17 (weights 3^i mod 31). Typed in lower case it is read in capitals.</summary>
internal static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static string Normalize(string? code) => (code ?? "").Trim().ToUpperInvariant();

    /// <summary>Null when the code is valid, else why not (zh, en).</summary>
    public static (string Zh, string En)? Problem(string? code)
    {
        var c = Normalize(code);
        if (c.Length != 18) return ($"统一社会信用代码须为 18 位（现为 {c.Length} 位）", $"A unified social credit code has 18 characters (this one has {c.Length})");
        if (c.FirstOrDefault(ch => !Alphabet.Contains(ch)) is var bad and not '\0')
            return ($"统一社会信用代码含有无效字符“{bad}”", $"The code holds an invalid character '{bad}'");
        var expected = CheckCharacter(c);
        return c[17] == expected ? null
            : ($"统一社会信用代码校验位不符（应为 {expected}），请核对", $"The check character does not match (it should be {expected}): check the code");
    }

    public static char CheckCharacter(string code)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(code[i]) * Weights[i];
        var check = 31 - sum % 31;
        return Alphabet[check == 31 ? 0 : check];
    }
}
