using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetInfoSuite.Contracts.Notifications;

namespace NetInfoSuite.Modules.NetizenRegistry.Selections;

public sealed record PublicCandidate(Guid Id, string Alias, string Story, bool Winner);

/// <summary>A campaign as the public voting page shows it: aliases and stories only, never a name or contact.</summary>
public sealed record PublicSelection(Guid Id, string Name, string UnitName, DateOnly VoteFrom, DateOnly VoteTo, bool Open,
    SelectionStage Stage, IReadOnlyList<PublicCandidate> Candidates);

public sealed record CodeSent(Guid RequestId, DateTimeOffset ExpiresAt);
public sealed record VoterToken(string Token, DateTimeOffset ExpiresAt);
public sealed record VoteCast(Guid CandidateId, DateOnly Day);

/// <summary>Public voting, the system's one use without signing in (ADR 0030). It does not go through the platform's
/// request pipeline, which serves signed-in callers: the endpoints are rate limited per address, each step checks its
/// own input, and a vote's proof is its row (one per voter, candidate and Beijing day by the table's primary key).</summary>
[ReadsAcrossScopes("the public voting page shows a campaign in voting, publicity or announced to anyone, without signing in")]
internal sealed class PublicVoting(IDocumentSession session, PersonalData data, IEnumerable<INotificationChannel> channels, IOfficeClock clock,
    ILogger<PublicVoting> log)
{
    public static readonly TimeSpan CodeLife = TimeSpan.FromMinutes(5), TokenLife = TimeSpan.FromMinutes(30);
    public const int MaxAttempts = 5, CodesPerDay = 5;

    public async Task<PublicSelection> ViewAsync(Guid id, CancellationToken ct)
    {
        var selection = await PublicAsync(id, ct);
        var shown = selection.Candidates.Where(c => selection.Stage == SelectionStage.Announced ? c.Winner && c.Status == CandidateStatus.Qualified
            : c.Status == CandidateStatus.Qualified).ToList();
        var profiles = (await session.LoadManyAsync<Profile>(ct, shown.Select(c => c.ProfileId).ToArray())).ToDictionary(p => p.Id);
        return new PublicSelection(selection.Id, selection.Name, selection.UnitName, selection.VoteFrom, selection.VoteTo,
            selection.VotingOpenOn(clock.Today), selection.Stage,
            shown.Where(c => profiles.TryGetValue(c.ProfileId, out var p) && p.AnonymisedAt is null)
                .Select(c => new PublicCandidate(c.Id, profiles[c.ProfileId].Alias, c.Reason, selection.Stage == SelectionStage.Announced && c.Winner))
                .OrderBy(c => c.Alias, StringComparer.Ordinal).ToList());
    }

    /// <summary>Sends a one-time code to the number through every notification channel; only its keyed hash is kept.</summary>
    public async Task<CodeSent> RequestCodeAsync(Guid id, string? mobileText, CancellationToken ct)
    {
        var selection = await OpenAsync(id, ct);
        var mobile = Masks.NormaliseMobile(mobileText)
                     ?? throw new RuleViolationException("mobile", "「手机号码」须为 11 位手机号码", "'Mobile' must be an 11-digit mobile number");
        var (voter, today) = (data.Keyed("voter:" + mobile), clock.Today);
        // One number's codes are counted and added one request at a time, until the commit: a burst of requests for one
        // number each counted the codes before any was stored, and 16 of 20 were sent.
        await session.BeginTransactionAsync(ct);
        await using (var oneAtATime = new Npgsql.NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))", session.Connection)
                         { Parameters = { new() { Value = $"netizen-registry/vote-code/{selection.Id}/{voter}/{today:yyyy-MM-dd}" } } })
            await oneAtATime.ExecuteNonQueryAsync(ct);
        if (await session.Query<VoteCode>().Where(c => c.SelectionId == selection.Id && c.Voter == voter && c.Day == today).CountAsync(ct) >= CodesPerDay)
            throw new RuleViolationException("mobile", "该号码今天获取验证码的次数过多，请明天再试", "Too many codes for this number today; try tomorrow");
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        var request = new VoteCode { Id = Guid.CreateVersion7(), SelectionId = selection.Id, Voter = voter, Day = today, ExpiresAt = clock.Now + CodeLife };
        request.CodeHash = data.Keyed($"code:{request.Id}:{code}");
        session.Insert(request);
        await session.SaveChangesAsync(ct);

        // The number goes only to the channel (an SMS gateway needs it); the log channel shows the masked one.
        var delivery = new NotificationDelivery(Guid.Empty, Masks.Mobile(mobile), Masks.Mobile(mobile), mobile,
            new LocalizedText($"「{selection.Name}」投票验证码 {code}，{CodeLife.TotalMinutes:0} 分钟内有效",
                $"Voting code for {selection.Name}: {code}, valid for {CodeLife.TotalMinutes:0} minutes"),
            new LocalizedText("请勿将验证码告诉他人。", "Do not tell anyone the code."), null, "netizen-registry.vote-code");
        foreach (var channel in channels)
        {
            try { await channel.SendAsync(delivery, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Channel {Channel} could not send a voting code", channel.Name);
            }
        }
        return new CodeSent(request.Id, request.ExpiresAt);
    }

    /// <summary>Checks a code (a few attempts, before it expires) and gives the voter a token to vote with.</summary>
    public async Task<VoterToken> ConfirmAsync(Guid id, Guid requestId, string? code, CancellationToken ct)
    {
        await OpenAsync(id, ct);
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
            throw new RuleViolationException("code", "「验证码」须为 6 位数字", "'Code' must be 6 digits");
        var request = await session.LoadAsync<VoteCode>(requestId, ct);
        if (request is null || request.SelectionId != id || request.TokenHash is not null || request.ExpiresAt <= clock.Now || request.Attempts >= MaxAttempts)
            throw new RuleViolationException("code", "验证码已失效，请重新获取", "The code has expired; ask for a new one");
        // Every attempt is counted (optimistic concurrency: parallel guesses at one code do not share an attempt).
        request.Attempts++;
        var right = CryptographicOperations.FixedTimeEquals(Convert.FromHexString(request.CodeHash), Convert.FromHexString(data.Keyed($"code:{request.Id}:{code}")));
        string? token = null;
        if (right)
        {
            token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            (request.TokenHash, request.TokenExpiresAt) = (TokenHash(token), clock.Now + TokenLife);
        }
        session.Update(request);
        await session.SaveChangesAsync(ct);
        return token is null
            ? throw new RuleViolationException("code", $"验证码不正确，还可尝试 {MaxAttempts - request.Attempts} 次", "The code is wrong")
            : new VoterToken(token, request.TokenExpiresAt!.Value);
    }

    /// <summary>One vote of a confirmed voter for a candidate today; a second one the same day is refused by the database.</summary>
    public async Task<VoteCast> VoteAsync(Guid id, string? token, Guid candidateId, CancellationToken ct)
    {
        var selection = await OpenAsync(id, ct);
        if (string.IsNullOrEmpty(token) || token.Length > 100)
            throw new RuleViolationException("token", "请先验证手机号码", "Confirm your mobile number first");
        var hash = TokenHash(token);
        var now = clock.Now;
        var request = await session.Query<VoteCode>().Where(c => c.TokenHash == hash && c.SelectionId == id).FirstOrDefaultAsync(ct);
        if (request is null || request.TokenExpiresAt <= now)
            throw new RuleViolationException("token", "手机号码验证已过期，请重新验证", "Confirm your mobile number again");
        var candidate = selection.Candidates.FirstOrDefault(c => c.Id == candidateId && c.Status == CandidateStatus.Qualified)
                        ?? throw new RuleViolationException("candidateId", "候选人不存在", "No such candidate");
        var today = clock.Today;
        session.Insert(new Vote
        {
            Id = Vote.IdOf(id, candidate.Id, request.Voter, today), SelectionId = id, CandidateId = candidate.Id, Voter = request.Voter, Day = today, At = now,
        });
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Duplicates.IsDuplicate(e))
        {
            throw new RuleViolationException("candidateId", "今天已为该候选人投过票，明天可再投", "You voted for this candidate today already");
        }
        return new VoteCast(candidate.Id, today);
    }

    private static string TokenHash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private async Task<Selection> PublicAsync(Guid id, CancellationToken ct)
    {
        var selection = await session.LoadAsync<Selection>(id, ct);
        return selection is { Stage: >= SelectionStage.Scoring } ? selection : throw new NotFoundException("selection", id.ToString());
    }

    private async Task<Selection> OpenAsync(Guid id, CancellationToken ct)
    {
        var selection = await PublicAsync(id, ct);
        return selection.VotingOpenOn(clock.Today) ? selection
            : throw new RuleViolationException("id", $"网络投票时间为 {selection.VoteFrom:yyyy-MM-dd} 至 {selection.VoteTo:yyyy-MM-dd}，现在不能投票",
                "Voting is not open now");
    }
}

/// <summary>Bursts from one address are refused with 429: the voting endpoints and page share one fixed window per
/// address (<c>NetizenRegistry:Voting:PerAddressPerMinute</c>, 20 unless set).</summary>
internal static class VotingLimits
{
    public const string Policy = "netizen-registry.voting";

    public static IConfigureOptions<RateLimiterOptions> Configure(IConfiguration configuration)
    {
        var perMinute = Math.Max(1, configuration.GetValue("NetizenRegistry:Voting:PerAddressPerMinute", 20));
        return new ConfigureOptions<RateLimiterOptions>(o => o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
    }
}

internal sealed record CodeBody(string? Mobile);
internal sealed record ConfirmBody(Guid RequestId, string? Code);
internal sealed record BallotBody(string? Token, Guid CandidateId);

internal static class VotingEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var vote = routes.MapGroup("/vote").AllowAnonymous().RequireRateLimiting(VotingLimits.Policy);
        vote.MapGet("/{id:guid}", async (Guid id, PublicVoting voting, CancellationToken ct) => Results.Ok(await voting.ViewAsync(id, ct)))
            .WithSummary("Public: a campaign's candidates by alias and story (no sign-in)").Produces<PublicSelection>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        vote.MapPost("/{id:guid}/code", async (Guid id, CodeBody body, PublicVoting voting, CancellationToken ct) =>
                Results.Ok(await voting.RequestCodeAsync(id, body.Mobile, ct)))
            .WithSummary("Public: send a one-time code to a mobile number to vote with").Produces<CodeSent>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        vote.MapPost("/{id:guid}/confirm", async (Guid id, ConfirmBody body, PublicVoting voting, CancellationToken ct) =>
                Results.Ok(await voting.ConfirmAsync(id, body.RequestId, body.Code, ct)))
            .WithSummary("Public: confirm the code; answers the voter's token").Produces<VoterToken>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        vote.MapPost("/{id:guid}/ballots", async (Guid id, BallotBody body, PublicVoting voting, CancellationToken ct) =>
                Results.Ok(await voting.VoteAsync(id, body.Token, body.CandidateId, ct)))
            .WithSummary("Public: vote for a candidate (once per voter, candidate and day)").Produces<VoteCast>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}
