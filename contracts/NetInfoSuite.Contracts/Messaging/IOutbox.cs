using Marten;
using MediatR;

namespace NetInfoSuite.Contracts.Messaging;

/// <summary>Messages for other modules, stored in the same transaction as the change that raises them and delivered
/// after it commits: at least once, with retries, and to each handler exactly once (an inbox keyed by message and
/// handler). Call it before <c>SaveChangesAsync</c> on the session that stores the change; nothing is sent if that
/// commit does not happen. Handlers run later, as the system caller, in a scope of their own: a notification
/// carries everything they need. Never publish a cross-module notification through <c>IMediator.Publish</c> after
/// a commit: a failing handler or a host that dies then loses it. (Since 1.5.)</summary>
public interface IOutbox
{
    /// <summary>Every handler of the notification gets it once the session commits.</summary>
    void Publish(IDocumentSession session, INotification notification);

    /// <summary>The request's handler gets it once the session commits (e.g. a <c>Notify</c> after claiming the
    /// work it reports).</summary>
    void Send<TResponse>(IDocumentSession session, IRequest<TResponse> request);
}
