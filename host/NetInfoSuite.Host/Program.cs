using NetInfoSuite.Host;

// An operator's command instead of the server: moving a county's rows into its own database.
if (args is ["tenants", "move", var tenant, .. var settings])
    return await NetInfoSuite.Host.Storage.TenantMoveCommand.RunAsync(tenant, settings);

var app = await NetInfoApp.BuildAsync(args);
await app.RunAsync();
return 0;
