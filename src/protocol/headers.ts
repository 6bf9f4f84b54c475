// The protocol's own request headers, without zod: the counter's HTTP client
// sets them in the first download, which carries no schema.

/**
 * Sent with SESSION_HEADER_VALUE by the PWA on every cookie-borne call. A
 * cross-site form or image cannot set a header, and a cross-site fetch that
 * sets one needs a CORS preflight this server never grants.
 */
export const SESSION_HEADER = 'x-kasir-session';
export const SESSION_HEADER_VALUE = '1';

/**
 * What a device says about itself with every sync request (auth.ts,
 * deviceHealthSchema), in one header so push, pull and rotation carry it
 * alike. Telemetry only: a missing or unreadable header never refuses a sync.
 */
export const DEVICE_HEALTH_HEADER = 'x-kasir-device-health';
