using MediatR;

namespace NetInfoSuite.Contracts.Modularity;

/// <summary>Work the host runs on a schedule (every <paramref name="Every"/>, on the platform's clock), as the system
/// caller, in a fresh scope, on every host instance: the work makes itself safe to run concurrently (e.g. by claiming
/// rows). Register instances in <see cref="IModule.Register"/>; a failure is logged and the next tick runs again. (Since 1.2.)</summary>
public sealed record RecurringWork(string Name, TimeSpan Every, Func<IMediator, CancellationToken, Task> Run);
