using System.Globalization;
using NetInfoSuite.Contracts.Shell;

namespace NetInfoSuite.Modules.GridDispatch.Feedback;

/// <summary>The operator's to-do on the home page: their open tasks, leading to them.</summary>
internal sealed class OperatorCards(IMediator mediator) : IDashboardCards
{
    public async Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken ct)
    {
        if (!caller.Has(GridDispatchPermissions.Operate)) return [];
        var open = (await mediator.Send(new MyTasks(OpenOnly: true, PageSize: 1), ct)).Total; // every open task, not a page of them
        return
        [
            new(new("待反馈的传播任务", "Tasks to report"), open.ToString(CultureInfo.InvariantCulture),
                new("转发到您的网格群后在此反馈", "Forward to your groups, then report here"), "/grid-dispatch/tasks", open > 0),
        ];
    }
}
