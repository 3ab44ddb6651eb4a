using NetInfoSuite.Host;

var app = await NetInfoApp.BuildAsync(args);
await app.RunAsync();
