using MediatR;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.AccountMatrix;

/// <summary>A new-media account of the matrix, as other modules may know it. (Since 1.1.)</summary>
public sealed record AccountInfo(Guid Id, string Name, string Platform, OrgUnitId Owner);

/// <summary>One account, or null. Answered by the account-matrix module when it is deployed.</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record GetAccount(Guid Id) : IRequest<AccountInfo?>;

/// <summary>The permissions of the account-matrix module. (Since 1.2.)</summary>
public static class AccountMatrixPermissions
{
    public const string Read = "account-matrix.read";
    public const string Manage = "account-matrix.manage";
    public const string Metrics = "account-matrix.metrics";
    public const string Review = "account-matrix.review";
}

/// <summary>A piece going out on one account, as a publisher adapter receives it. (Since 1.2.)</summary>
public sealed record OutgoingPiece(Guid PublicationId, Guid AccountId, string AccountName, string Platform, string Title, string Body,
    IReadOnlyList<string> Links, IReadOnlyList<string> Media);

/// <summary>Sends an approved piece to its platform: platform connectors are plugins registering one for their
/// platforms. The account matrix ships none; where no connector sends, a piece waits for manual publishing. (Since 1.2.)</summary>
public interface IPublisherAdapter
{
    /// <summary>The platforms this adapter sends to (names of the account-matrix platforms); empty: any.</summary>
    IReadOnlyCollection<string> Platforms { get; }

    /// <summary>Sends the piece; returns the published post's link if the platform gives one. Throws when it failed.</summary>
    Task<string?> PublishAsync(OutgoingPiece piece, CancellationToken cancellationToken);
}

/// <summary>How a unit's accounts answer netizens' messages, for inspection (the national indicator: nothing left
/// unanswered for more than 3 months). (Since 1.2.)</summary>
public sealed record MessageFigures(int Received, int Replied, double? MedianReplyHours, int WaitingOverLimit, int UnansweredOverThreeMonths);

/// <summary>The message figures of the accounts of a unit's subtree as at a date; answered by account-matrix. (Since 1.2.)</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
public sealed record GetMessageFigures(OrgUnitId Unit, DateOnly At) : IRequest<MessageFigures>;

/// <summary>The accounts owned by a unit's subtree (live ones: not merged or closed). (Since 1.2.)</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
public sealed record GetAccountsOfUnit(OrgUnitId Unit) : IRequest<IReadOnlyList<AccountInfo>>;

/// <summary>An active account with no post in the days before a date (僵尸号). (Since 1.2.)</summary>
public sealed record DormantAccountInfo(Guid Id, string Name, string Platform, OrgUnitId Owner, DateOnly? LastPost, int? DaysSinceLastPost);

/// <summary>The dormant accounts of a unit's subtree at a date (14 days by the national rule), for inspection. (Since 1.2.)</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
public sealed record GetDormantAccountsOfUnit(OrgUnitId Unit, DateOnly At, int Days = 14) : IRequest<IReadOnlyList<DormantAccountInfo>>;

/// <summary>Published when an account moves along its lifecycle (filed, activated, suspended, merged, closed). (Since 1.2.)</summary>
public sealed record AccountStatusChanged(Guid AccountId, string Name, OrgUnitId Owner, string From, string To) : INotification;

/// <summary>One account's place in a ranking. (Since 1.3.)</summary>
public sealed record AccountRankInfo(int Rank, Guid AccountId, string Name, string Category, double Score, int? PreviousRank);

/// <summary>A ranking: the index (with its formula version), the period, and the entries best first. (Since 1.3.)</summary>
public sealed record AccountRankingInfo(string Platform, string Formula, DateOnly From, DateOnly To, IReadOnlyList<AccountRankInfo> Entries);

/// <summary>The caller's accounts on a platform (WeChat, Weibo, Douyin, Kuaishou, WeChatChannels, Bilibili) ranked
/// by its index over a period; optionally one category (Government, News, Service). Answered by account-matrix. (Since 1.3.)</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
public sealed record GetAccountRanking(string Platform, DateOnly From, DateOnly To, string? Category = null) : IRequest<AccountRankingInfo>;

/// <summary>A unit's new-media matrix at a glance, for inspection score cards. Accounts counts the live ones (not
/// merged or closed); a licence is valid when <c>To</c> falls within it; Dormant uses the national 14-day rule at <c>To</c>. (Since 1.3.)</summary>
public sealed record MatrixSummary(
    OrgUnitId Unit, DateOnly From, DateOnly To,
    int Accounts, int ActiveAccounts, int SecondAccounts, int NewsAccountsWithoutValidLicence, int Dormant,
    long Posts, int RepostTasks, int RepostsDone, MessageFigures Messages, int TrainingSessions, int TrainingAttendees);

/// <summary>The matrix summary of a unit's subtree over a period; answered by account-matrix. (Since 1.3.)</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
public sealed record GetMatrixSummary(OrgUnitId Unit, DateOnly From, DateOnly To) : IRequest<MatrixSummary>;

/// <summary>A message a netizen left on a matrix account, as a platform connector fetched it. (Since 1.3.)</summary>
public sealed record IncomingNetizenMessage(Guid AccountId, DateTimeOffset At, string Text, string? Category);

/// <summary>Records messages fetched by a platform connector plugin (every account must be within the caller's
/// subtree, or nothing is stored); answered by account-matrix with the count recorded. (Since 1.3.)</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
public sealed record RecordNetizenMessages(IReadOnlyList<IncomingNetizenMessage> Messages) : ICommand<int>;
