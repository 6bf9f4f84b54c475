// Put in by the build (vite.config.ts define) from package.json.
declare const __APP_VERSION__: string | undefined;

/** What this build reports to the server with every sync request. */
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
