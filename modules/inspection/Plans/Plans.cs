namespace NetInfoSuite.Modules.Inspection.Plans;

public sealed record PlanRow(Guid Id, string Name, int Year, string OwnerName, int Targets, int Indicators, PlanStatus Status, DateTimeOffset CreatedAt);

/// <summary>An indicator as the plan shows it: its depth in the tree, its points (a heading's are its children's), and
/// whether it is a leaf that gets scored.</summary>
public sealed record IndicatorView(Guid Id, Guid? Parent, int Depth, string Name, string? Description, double Points, ScoringMethod Method,
    string? Source, double Parameter, bool Leaf);

public sealed record PlanView(Guid Id, string Name, int Year, DateOnly From, DateOnly To, Guid Owner, string OwnerName, IReadOnlyList<TargetGroup> Groups,
    IReadOnlyList<IndicatorView> Indicators, IReadOnlyList<Grade> Grades, double FullMarks, double BonusThreshold, double BonusCap,
    MissingSourceRule MissingSource, PlanStatus Status, string? CopiedFrom, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt);

/// <summary>A new plan for a year, empty, from a built-in template (<see cref="Templates"/>) or as a copy of an earlier
/// plan of the caller's (targets included). The caller's unit runs it.</summary>
[RequiresPermission(InspectionPermissions.Plans)]
internal sealed record CreatePlan(string Name, int Year, string? Template = null, Guid? CopyFrom = null) : ICommand<Guid>;

[RequiresPermission(InspectionPermissions.Read)]
internal sealed record ListPlans(int? Year = null, int Page = 1, int PageSize = 50) : IRequest<Page<PlanRow>>;

[RequiresPermission(InspectionPermissions.Read)]
internal sealed record GetPlan(Guid Id) : IRequest<PlanView>;

/// <summary>The plan's name, period (within its year), grades, bonus rule and what a missing module's indicator does.</summary>
[RequiresPermission(InspectionPermissions.Plans)]
internal sealed record UpdatePlan(Guid Id, string Name, int Year, DateOnly From, DateOnly To, IReadOnlyList<Grade> Grades, double BonusThreshold,
    double BonusCap, MissingSourceRule MissingSource) : ICommand<PlanView>;

/// <summary>Adds a group of targets (Group null) or replaces a group's name and units. A unit is a target once per plan.</summary>
[RequiresPermission(InspectionPermissions.Plans)]
internal sealed record SaveGroup(Guid Id, Guid? Group, string Name, IReadOnlyList<Guid> Units) : ICommand<PlanView>;

[RequiresPermission(InspectionPermissions.Plans)]
internal sealed record RemoveGroup(Guid Id, Guid Group) : ICommand<PlanView>;

/// <summary>Adds an indicator (Indicator null) under Parent (null: at the top), or changes one.</summary>
[RequiresPermission(InspectionPermissions.Plans)]
internal sealed record SaveIndicator(Guid Id, Guid? Indicator, Guid? Parent, string Name, string? Description, double Points, ScoringMethod Method,
    string? Source, double Parameter) : ICommand<PlanView>;

/// <summary>Removes an indicator and everything under it.</summary>
[RequiresPermission(InspectionPermissions.Plans)]
internal sealed record RemoveIndicator(Guid Id, Guid Indicator) : ICommand<PlanView>;

internal sealed class CreatePlanValidator : AbstractValidator<CreatePlan>
{
    public CreatePlanValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Year).InclusiveBetween(2000, 2100);
        RuleFor(x => x.Template).Must(t => t is null || Templates.All.Any(a => a.Code == t))
            .WithMessage(_ => new LocalizedText("没有这个模板", "No such template").Current);
        RuleFor(x => x).Must(x => x.Template is null || x.CopyFrom is null).OverridePropertyName("template")
            .WithMessage(_ => new LocalizedText("请选择模板或已有方案之一", "Choose a template or an earlier plan, not both").Current);
    }
}

internal sealed class UpdatePlanValidator : AbstractValidator<UpdatePlan>
{
    public UpdatePlanValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Year).InclusiveBetween(2000, 2100);
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From);
        RuleFor(x => x.From).Must((x, from) => from.Year == x.Year)
            .WithMessage(_ => new LocalizedText("考评期间须在方案年度内", "The period must lie within the plan's year").Current);
        RuleFor(x => x.To).Must((x, to) => to.Year == x.Year)
            .WithMessage(_ => new LocalizedText("考评期间须在方案年度内", "The period must lie within the plan's year").Current);
        RuleFor(x => x.Grades).NotEmpty().Must(g => g.Count <= 10)
            .Must(g => g.Select(x => x.Name?.Trim()).Distinct().Count() == g.Count)
            .WithMessage(_ => new LocalizedText("等次名称不能重复", "Grade names must differ").Current);
        RuleForEach(x => x.Grades).ChildRules(g =>
        {
            g.RuleFor(x => x.Name).NotEmpty().MaximumLength(20);
            g.RuleFor(x => x.Min).InclusiveBetween(0, 1000);
        });
        RuleFor(x => x.BonusThreshold).InclusiveBetween(0, 1000);
        RuleFor(x => x.BonusCap).InclusiveBetween(0, 1000);
        RuleFor(x => x.MissingSource).IsInEnum();
    }
}

internal sealed class SaveGroupValidator : AbstractValidator<SaveGroup>
{
    public SaveGroupValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(50);
        RuleFor(x => x.Units).NotEmpty().Must(u => u.Count <= 500);
    }
}

internal sealed class SaveIndicatorValidator : AbstractValidator<SaveIndicator>
{
    public SaveIndicatorValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Description).MaximumLength(1_000);
        RuleFor(x => x.Points).InclusiveBetween(0, 1000);
        RuleFor(x => x.Parameter).InclusiveBetween(0, 1_000_000);
        RuleFor(x => x.Method).IsInEnum();
        RuleFor(x => x.Source).Must(s => Sources.Find(s) is not null).When(x => !string.IsNullOrWhiteSpace(x.Source))
            .WithMessage(_ => new LocalizedText("没有这个数据来源", "No such figure").Current);
        RuleFor(x => x.Source).NotEmpty().When(x => x.Method == ScoringMethod.Auto)
            .WithMessage(_ => new LocalizedText("自动计分须选择数据来源", "An automatic indicator needs a figure").Current);
        RuleFor(x => x.Source).Must(s => Sources.Find(s) is { LowerIsBetter: false })
            .When(x => x.Method == ScoringMethod.Auto && !string.IsNullOrWhiteSpace(x.Source))
            .WithMessage(_ => new LocalizedText("这个数据越少越好，请用于扣分或否决", "Fewer is better for this figure: use it for a deduction or a veto").Current);
        RuleFor(x => x.Source).Must(s => Sources.Find(s) is { LowerIsBetter: true })
            .When(x => x.Method is ScoringMethod.Deduction or ScoringMethod.Veto && !string.IsNullOrWhiteSpace(x.Source))
            .WithMessage(_ => new LocalizedText("扣分和否决只能采用越少越好的数据（如僵尸号数）", "Deductions and vetoes take a fewer-is-better figure (e.g. dormant accounts)").Current);
        RuleFor(x => x.Source).Empty().When(x => x.Method is ScoringMethod.Manual or ScoringMethod.Bonus)
            .WithMessage(_ => new LocalizedText("人工评分和加分项不采用数据来源", "Manual and bonus indicators take no figure").Current);
        RuleFor(x => x.Parameter).GreaterThan(0).When(x => x.Method == ScoringMethod.Deduction)
            .WithMessage(_ => new LocalizedText("请填写每处扣分", "Give the points deducted per finding").Current);
        RuleFor(x => x.Parameter).GreaterThan(0).When(x => x.Method == ScoringMethod.Auto && Sources.Find(x.Source)?.Kind == FigureKind.Count)
            .WithMessage(_ => new LocalizedText("请填写得满分的数值", "Give the figure that earns full points").Current);
    }
}

internal sealed class PlanHandlers(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time)
    : IRequestHandler<CreatePlan, Guid>, IRequestHandler<ListPlans, Page<PlanRow>>, IRequestHandler<GetPlan, PlanView>, IRequestHandler<UpdatePlan, PlanView>,
      IRequestHandler<SaveGroup, PlanView>, IRequestHandler<RemoveGroup, PlanView>, IRequestHandler<SaveIndicator, PlanView>,
      IRequestHandler<RemoveIndicator, PlanView>
{
    private const int MaxIndicators = 200, MaxDepth = 3;

    public async Task<Guid> Handle(CreatePlan command, CancellationToken ct)
    {
        var owner = caller.OrgUnit is { } unit ? await scope.PlaceOfAsync(unit.Value, ct) : null;
        if (owner is null) throw new RuleViolationException("owner", "系统账号不能建立考评方案", "The system cannot run an evaluation");
        var plan = new Plan
        {
            Id = Guid.CreateVersion7(), Name = command.Name.Trim(), Year = command.Year, From = new DateOnly(command.Year, 1, 1),
            To = new DateOnly(command.Year, 12, 31), Owner = owner.Id, OwnerName = owner.Name, UnitPath = owner.Path, Status = PlanStatus.Draft,
            CreatedBy = caller.Login, CreatedAt = time.GetUtcNow(),
            Grades = [new() { Name = "优秀", Min = 90 }, new() { Name = "良好", Min = 80 }, new() { Name = "合格", Min = 60 }, new() { Name = "不合格", Min = 0 }],
            BonusThreshold = 0, BonusCap = 0, MissingSource = MissingSourceRule.Rescale,
        };
        if (command.Template is { } template)
        {
            Templates.ApplyGovNewMedia(plan);
            plan.CopiedFrom = Templates.NameOf(template);
        }
        else if (command.CopyFrom is { } from)
        {
            var earlier = await session.LoadInScopeAsync<Plan>(scope, from, ct)
                ?? throw new RuleViolationException("copyFrom", "所选方案不存在或不在本单位范围内", "The plan does not exist or is outside your part of the tree");
            var ids = earlier.Indicators.ToDictionary(i => i.Id, _ => Guid.CreateVersion7());
            plan.Indicators = earlier.Indicators.Select(i => new Indicator
            {
                Id = ids[i.Id], Parent = i.Parent is { } p ? ids[p] : null, Order = i.Order, Name = i.Name, Description = i.Description, Points = i.Points,
                Method = i.Method, Source = i.Source, Parameter = i.Parameter,
            }).ToList();
            plan.Groups = earlier.Groups.Select(g => new TargetGroup
            {
                Id = Guid.CreateVersion7(), Name = g.Name, Units = g.Units.Select(u => new TargetUnit { Id = u.Id, Name = u.Name }).ToList(),
            }).ToList();
            plan.Grades = earlier.Grades.Select(g => new Grade { Name = g.Name, Min = g.Min }).ToList();
            (plan.BonusThreshold, plan.BonusCap, plan.MissingSource, plan.CopiedFrom) = (earlier.BonusThreshold, earlier.BonusCap, earlier.MissingSource,
                $"{earlier.Year} {earlier.Name}");
        }
        session.Store(plan);
        await session.SaveChangesAsync(ct);
        return plan.Id;
    }

    public async Task<Page<PlanRow>> Handle(ListPlans query, CancellationToken ct)
    {
        var plans = await session.QueryInScopeAsync<Plan>(scope, ct);
        if (query.Year is { } year) plans = plans.Where(p => p.Year == year);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        var total = await plans.CountAsync(ct);
        var items = await plans.OrderByDescending(p => p.Year).ThenByDescending(p => p.CreatedAt).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<PlanRow>(items.Select(p => new PlanRow(p.Id, p.Name, p.Year, p.OwnerName, p.Groups.Sum(g => g.Units.Count),
            p.Indicators.Count(i => p.Indicators.All(c => c.Parent != i.Id)), p.Status, p.CreatedAt)).ToList(), page, size, total);
    }

    public async Task<PlanView> Handle(GetPlan query, CancellationToken ct) => View(await LoadAsync(query.Id, ct));

    public async Task<PlanView> Handle(UpdatePlan command, CancellationToken ct)
    {
        var plan = await UnscoredAsync(command.Id, ct);
        (plan.Name, plan.Year, plan.From, plan.To) = (command.Name.Trim(), command.Year, command.From, command.To);
        plan.Grades = command.Grades.Select(g => new Grade { Name = g.Name.Trim(), Min = g.Min }).OrderByDescending(g => g.Min).ToList();
        (plan.BonusThreshold, plan.BonusCap, plan.MissingSource) = (command.BonusThreshold, command.BonusCap, command.MissingSource);
        return await SaveAsync(plan, ct);
    }

    public async Task<PlanView> Handle(SaveGroup command, CancellationToken ct)
    {
        var plan = await DraftAsync(command.Id, ct);
        var group = command.Group is { } id
            ? plan.Groups.FirstOrDefault(g => g.Id == id) ?? throw new NotFoundException("group", id.ToString())
            : new TargetGroup { Id = Guid.CreateVersion7() };
        var units = new List<TargetUnit>();
        foreach (var unitId in command.Units.Distinct())
        {
            var place = await scope.PlaceOfAsync(unitId, ct);
            if (place is null || !place.Unit.Active || !place.Path.StartsWith(plan.UnitPath, StringComparison.Ordinal) || !await scope.CoversAsync(place.Path, ct))
                throw new RuleViolationException("units", "所选单位不存在、已停用或不在方案单位范围内", "A unit does not exist, is inactive or is outside the plan's unit");
            if (plan.Groups.Any(g => g.Id != group.Id && g.Units.Any(u => u.Id == unitId)))
                throw new RuleViolationException("units", $"{place.Name}已在另一组考评对象中", $"{place.Name} is already in another group");
            units.Add(new TargetUnit { Id = place.Id, Name = place.Name });
        }
        (group.Name, group.Units) = (command.Name.Trim(), units);
        if (plan.Groups.Any(g => g.Id != group.Id && g.Name == group.Name))
            throw new RuleViolationException("name", "已有同名的分组", "A group of that name exists");
        if (command.Group is null) plan.Groups.Add(group);
        return await SaveAsync(plan, ct);
    }

    public async Task<PlanView> Handle(RemoveGroup command, CancellationToken ct)
    {
        var plan = await DraftAsync(command.Id, ct);
        if (plan.Groups.RemoveAll(g => g.Id == command.Group) == 0) throw new NotFoundException("group", command.Group.ToString());
        return await SaveAsync(plan, ct);
    }

    public async Task<PlanView> Handle(SaveIndicator command, CancellationToken ct)
    {
        var plan = await UnscoredAsync(command.Id, ct);
        var indicator = command.Indicator is { } id
            ? plan.Indicators.FirstOrDefault(i => i.Id == id) ?? throw new NotFoundException("indicator", id.ToString())
            : new Indicator { Id = Guid.CreateVersion7(), Order = plan.Indicators.Count == 0 ? 0 : plan.Indicators.Max(i => i.Order) + 1 };
        if (command.Parent is { } parent)
        {
            if (plan.Indicators.All(i => i.Id != parent))
                throw new RuleViolationException("parent", "上级指标不存在", "The parent indicator does not exist");
            if (parent == indicator.Id || Ancestors(plan, parent).Contains(indicator.Id))
                throw new RuleViolationException("parent", "不能放在自身或下级指标之下", "An indicator cannot go under itself or below it");
            if (Ancestors(plan, parent).Count + 2 > MaxDepth)
                throw new RuleViolationException("parent", $"指标最多 {MaxDepth} 级", $"Indicators go {MaxDepth} levels deep at most");
        }
        if (command.Indicator is null && plan.Indicators.Count >= MaxIndicators)
            throw new RuleViolationException("name", $"一个方案最多 {MaxIndicators} 项指标", $"A plan holds {MaxIndicators} indicators at most");
        (indicator.Parent, indicator.Name, indicator.Description, indicator.Points, indicator.Method) =
            (command.Parent, command.Name.Trim(), string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim(), command.Points, command.Method);
        (indicator.Source, indicator.Parameter) = (string.IsNullOrWhiteSpace(command.Source) ? null : command.Source.Trim(), command.Parameter);
        if (indicator.Method == ScoringMethod.Veto) indicator.Points = 0; // a veto fails the target; it earns nothing
        if (command.Indicator is null) plan.Indicators.Add(indicator);
        return await SaveAsync(plan, ct);
    }

    public async Task<PlanView> Handle(RemoveIndicator command, CancellationToken ct)
    {
        var plan = await UnscoredAsync(command.Id, ct);
        if (plan.Indicators.All(i => i.Id != command.Indicator)) throw new NotFoundException("indicator", command.Indicator.ToString());
        plan.Indicators.RemoveAll(i => i.Id == command.Indicator || Ancestors(plan, i.Id).Contains(command.Indicator));
        return await SaveAsync(plan, ct);
    }

    private static List<Guid> Ancestors(Plan plan, Guid id)
    {
        var found = new List<Guid>();
        for (var at = plan.Indicators.FirstOrDefault(i => i.Id == id)?.Parent; at is { } p && !found.Contains(p);
             at = plan.Indicators.FirstOrDefault(i => i.Id == p)?.Parent)
            found.Add(p);
        return found;
    }

    private Task<Plan> LoadAsync(Guid id, CancellationToken ct) => session.LoadInScopeOrThrowAsync<Plan>(scope, id, "plan", ct);

    private async Task<Plan> DraftAsync(Guid id, CancellationToken ct)
    {
        var plan = await LoadAsync(id, ct);
        return plan.Status == PlanStatus.Draft ? plan
            : throw new RuleViolationException("status", "方案已发布结果，不能再修改", "The plan's results are published; it can no longer change");
    }

    /// <summary>A draft none of whose cards is final: a final card keeps the figures of the indicators it was scored on.</summary>
    private async Task<Plan> UnscoredAsync(Guid id, CancellationToken ct)
    {
        var plan = await DraftAsync(id, ct);
        return !await (await session.QueryInScopeAsync<ScoreCard>(scope, ct)).AnyAsync(c => c.Plan == plan.Id && c.FinalisedAt != null, ct) ? plan
            : throw new RuleViolationException("status", "已有考评表确认，指标和计分规则不能再修改", "A card is final: indicators and rules can no longer change");
    }

    private async Task<PlanView> SaveAsync(Plan plan, CancellationToken ct)
    {
        session.Store(plan);
        await session.SaveChangesAsync(ct);
        return View(plan);
    }

    internal static PlanView View(Plan plan)
    {
        var tree = PlanTree.Of(plan);
        return new PlanView(plan.Id, plan.Name, plan.Year, plan.From, plan.To, plan.Owner, plan.OwnerName, plan.Groups,
            tree.Select(n => new IndicatorView(n.Indicator.Id, n.Indicator.Parent, n.Depth, n.Indicator.Name, n.Indicator.Description, n.Points,
                n.Indicator.Method, n.Indicator.Source, n.Indicator.Parameter, n.Leaf)).ToList(),
            plan.Grades, PlanTree.FullMarks(tree), plan.BonusThreshold, plan.BonusCap, plan.MissingSource, plan.Status, plan.CopiedFrom, plan.CreatedAt,
            plan.PublishedAt);
    }
}
