// Read by zod when it loads: object schemas are then never compiled with
// `new Function`, whose probe the CSP (script-src 'self') would report as a
// violation. A classic script before the app's modules, because the app's
// chunks may create schemas before any of its own code runs.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
