using Marten;
using Marten.Services;
using Npgsql;

namespace NetInfoSuite.Host.Storage;

/// <summary>Marten's command log without parameter values: a failed command is logged with its SQL text and the
/// database's error code only, never the user text it carried (issue 14: error logs printed SQL parameters).</summary>
internal sealed class QuietDatabaseLog(Serilog.ILogger log) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;
    public void SchemaChange(string sql) => log.Information("Database schema change applied");
    public void LogSuccess(NpgsqlCommand command) { }
    public void LogSuccess(NpgsqlBatch batch) { }
    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(command.CommandText, ex);
    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failed(string.Join("; ", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)), ex);
    public void LogFailure(Exception ex, string message) => log.Warning("Database work failed: {Kind} {SqlState}", ex.GetType().Name, SqlState(ex));
    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
    public void OnBeforeExecute(NpgsqlCommand command) { }
    public void OnBeforeExecute(NpgsqlBatch batch) { }

    private void Failed(string sql, Exception ex) =>
        log.Warning("Database command failed: {Kind} {SqlState} in {Sql}", ex.GetType().Name, SqlState(ex), sql.Length > 2000 ? sql[..2000] : sql);

    private static string? SqlState(Exception ex) => (ex as PostgresException ?? ex.InnerException as PostgresException)?.SqlState;
}
