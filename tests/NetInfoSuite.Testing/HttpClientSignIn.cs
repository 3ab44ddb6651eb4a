using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace NetInfoSuite.Testing;

public static class HttpClientSignIn
{
    /// <summary>Gets a bearer token for the login and sends it with every later request.</summary>
    public static async Task<string> SignInAsync(this HttpClient client, string login, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { login, password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Sign-in as {login} failed: {await response.Content.ReadAsStringAsync()}");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }
}
