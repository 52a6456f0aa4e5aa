// How a report names one side's server: "weather 1.4.0", or just "unnamed server" for a bare tools/list result,
// which carries neither name nor version (src/snapshot/parse.ts).

export function serverLabel(server: { name: string; version: string }): string {
  return server.version === '' ? server.name : `${server.name} ${server.version}`;
}
