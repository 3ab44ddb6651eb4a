using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

/// <summary>A value encrypted with AES-256-GCM under the key named by <see cref="Key"/>: <see cref="Data"/> is base64 of
/// nonce (12 bytes) + tag (16) + cipher text. The associated data binds it to its record and field (ADR 0028).</summary>
public sealed record Sealed(string Key, string Data);

/// <summary>The registry's keys, from configuration: <c>NetizenRegistry:Keys:&lt;id&gt;</c> (base64 of 32 bytes, as many
/// as are still in use), <c>NetizenRegistry:ActiveKey</c> (the id new values are sealed with) and
/// <c>NetizenRegistry:IndexKey</c> (base64 of 32 bytes, for the blind index). Without any, a published development key
/// is used and every start says so in the log: never in production.</summary>
internal sealed class RegistryKeys
{
    public const string DevelopmentKeyId = "development";
    public IReadOnlyDictionary<string, byte[]> Keys { get; }
    public string ActiveKey { get; }
    public byte[] IndexKey { get; }
    public bool IsDevelopment { get; }

    public RegistryKeys(IConfiguration configuration)
    {
        var section = configuration.GetSection("NetizenRegistry");
        var keys = section.GetSection("Keys").GetChildren().ToDictionary(k => k.Key, k => Decode($"NetizenRegistry:Keys:{k.Key}", k.Value));
        if (keys.Count == 0)
        {
            IsDevelopment = true;
            Keys = new Dictionary<string, byte[]> { [DevelopmentKeyId] = SHA256.HashData("NetInfoSuite netizen-registry development key"u8) };
            ActiveKey = DevelopmentKeyId;
            IndexKey = SHA256.HashData("NetInfoSuite netizen-registry development index key"u8);
            return;
        }
        Keys = keys;
        ActiveKey = section["ActiveKey"] is { Length: > 0 } active && keys.ContainsKey(active) ? active
            : throw new InvalidOperationException("NetizenRegistry:ActiveKey must name one of NetizenRegistry:Keys.");
        IndexKey = Decode("NetizenRegistry:IndexKey", section["IndexKey"]);
    }

    private static byte[] Decode(string name, string? value)
    {
        try
        {
            var key = Convert.FromBase64String(value ?? "");
            if (key.Length == 32) return key;
        }
        catch (FormatException) { }
        throw new InvalidOperationException($"{name} must be the base64 of 32 random bytes (e.g. `openssl rand -base64 32`).");
    }
}

/// <summary>Seals and opens personal data, and makes the blind index that finds a mobile number without decrypting.</summary>
internal sealed class PersonalData
{
    private readonly RegistryKeys _keys;

    public PersonalData(RegistryKeys keys, ILogger<PersonalData> log)
    {
        _keys = keys;
        if (keys.IsDevelopment)
            log.LogWarning("netizen-registry: no NetizenRegistry:Keys configured, personal data is sealed with the published development key. Configure keys before real data is entered.");
    }

    public string ActiveKey => _keys.ActiveKey;

    public Sealed Seal(string plain, string context)
    {
        var key = _keys.Keys[_keys.ActiveKey];
        var text = Encoding.UTF8.GetBytes(plain);
        var output = new byte[12 + 16 + text.Length];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, text, output.AsSpan(28), output.AsSpan(12, 16), Encoding.UTF8.GetBytes(context));
        return new Sealed(_keys.ActiveKey, Convert.ToBase64String(output));
    }

    public string Open(Sealed value, string context)
    {
        if (!_keys.Keys.TryGetValue(value.Key, out var key))
            throw new InvalidOperationException($"The key '{value.Key}' that sealed a value is no longer configured (NetizenRegistry:Keys).");
        var input = Convert.FromBase64String(value.Data);
        var plain = new byte[input.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(input.AsSpan(0, 12), input.AsSpan(28), input.AsSpan(12, 16), plain, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A keyed hash of a normalised mobile number: equal numbers give equal indexes, and without the key the
    /// index tells nothing (a plain hash of an 11-digit number would be reversed by trying them all).</summary>
    public string MobileIndex(string normalisedMobile) => Keyed("mobile:" + normalisedMobile);

    /// <summary>A keyed hash under the index key, e.g. a voter's number ("voter:…", apart from the registry's own index
    /// so that a vote does not point to a registered personality) or a one-time code.</summary>
    public string Keyed(string text) => Convert.ToHexString(HMACSHA256.HashData(_keys.IndexKey, Encoding.UTF8.GetBytes(text)));
}

/// <summary>How personal data is normalised and masked for lists, search results, exports and logs.</summary>
public static class Masks
{
    /// <summary>张三丰 → 张**: the first character only.</summary>
    public static string Name(string name) => name.Length <= 1 ? "*" : name[..1] + new string('*', Math.Min(name.Length - 1, 3));

    /// <summary>13812341234 → 138****1234.</summary>
    public static string Mobile(string mobile) => mobile.Length < 8 ? "****" : mobile[..3] + "****" + mobile[^4..];

    /// <summary>zhang@example.org → z***@example.org.</summary>
    public static string Email(string email) => email.IndexOf('@') is var at and > 0 ? email[..1] + "***" + email[at..] : "***";

    /// <summary>wxid_abc123 → w***3.</summary>
    public static string Handle(string handle) => handle.Length <= 2 ? "***" : handle[..1] + "***" + handle[^1..];

    /// <summary>The 11 digits of a mainland mobile number written with spaces, dashes or +86; null when it is not one.</summary>
    public static string? NormaliseMobile(string? text)
    {
        if (text is null) return null;
        var digits = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        else if (digits.StartsWith("0086", StringComparison.Ordinal)) digits = digits[4..];
        return digits.Length == 11 && digits[0] == '1' && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
