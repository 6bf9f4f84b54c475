// Headers that make the browser refuse what the app never does: inline or
// foreign script, being framed, sniffing types, leaking URLs, reaching other
// origins. Sent on every answer (API JSON and errors too), because a JSON
// body opened as a page, or an error page, is a document like any other.
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Each directive is the narrowest the built PWA passes (tests/e2e/csp.test.ts
 * loads it, reloads it under the service worker, searches, sells with a QRIS
 * code and opens the camera, and counts violations).
 */
const CSP_DIRECTIVES: readonly (readonly [string, string])[] = [
  // Anything not named below: this origin only.
  ['default-src', "'self'"],
  // Vite emits module scripts from /assets and no inline script; no eval
  // either, so an injected string can never become code.
  ['script-src', "'self'"],
  // One stylesheet from /assets. React sets `style={}` props through the
  // CSSOM (element.style), which CSP does not govern, so neither
  // 'unsafe-inline' nor style-src-attr is needed: a style attribute in markup
  // (what an injection would bring) stays blocked.
  ['style-src', "'self'"],
  // Icons and product pictures, which the catalog schema keeps to paths on
  // this server (they must show offline from the cache anyway). The QR code
  // is inline SVG, not an image; no data: or blob: image is ever loaded.
  ['img-src', "'self'"],
  // The camera preview is a MediaStream set as srcObject, which is no fetch
  // and not subject to media-src; nothing else plays media.
  ['media-src', "'self'"],
  // fetch to /api on the same server; also the service worker's own fetches.
  ['connect-src', "'self'"],
  // /sw.js, and the workbox runtime it imports.
  ['worker-src', "'self'"],
  ['manifest-src', "'self'"],
  ['font-src', "'self'"],
  // No plugins, no <base> (so relative URLs cannot be redirected), no framing
  // of this app by anyone, forms post only here.
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
  ['form-action', "'self'"],
];

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/**
 * Powerful features this app uses for itself (camera scanning; receipt
 * printers over WebUSB and Web Serial) and none it does not; nothing for
 * embedded frames, as nothing may frame it or be framed. Web Bluetooth (BLE
 * printers) is not a policy-controlled feature in Chromium: naming it only
 * logs "Unrecognized feature: 'bluetooth'" on every load, so it is left out
 * and stays governed by its own user prompt.
 */
export const PERMISSIONS_POLICY = [
  'camera=(self)',
  'usb=(self)',
  'serial=(self)',
  'microphone=()',
  'geolocation=()',
  'hid=()',
  'payment=()',
  'display-capture=()',
].join(', ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // Receipt numbers and device ids sit in URLs; the WhatsApp link must not carry them along.
  'referrer-policy': 'no-referrer',
  // For browsers older than frame-ancestors.
  'x-frame-options': 'DENY',
  'permissions-policy': PERMISSIONS_POLICY,
  // The wa.me tab cannot reach back into the till's window.
  'cross-origin-opener-policy': 'same-origin',
  // Another site cannot even embed this server's answers (no-cors reads of the API).
  'cross-origin-resource-policy': 'same-origin',
};

/** The one cache rule an /api answer may keep (product photos, served under a URL that changes with them). */
export const IMMUTABLE_PUBLIC = 'public, max-age=31536000, immutable';

/**
 * Registers the headers on every reply. CORS stays closed by omission: no
 * route ever sets Access-Control-Allow-*, and no OPTIONS route exists, so a
 * preflight from another origin falls through to the 404 and the browser
 * refuses the real request. The API's other clients are servers, which CORS
 * does not concern.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    applySecurityHeaders(reply);
    // API answers carry bearer tokens, PIN hashes and sales: no browser or proxy cache may keep one.
    // Product photos alone are public and named by their bytes (a versioned URL): those keep the long cache their route set.
    if (req.url.startsWith('/api/') && reply.getHeader('cache-control') !== IMMUTABLE_PUBLIC) reply.header('cache-control', 'no-store');
    return payload;
  });
}

/** For the few answers Fastify sends outside the route hooks (a URL it cannot decode). */
export function applySecurityHeaders(reply: FastifyReply): FastifyReply {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
  return reply;
}

/**
 * Strict-Transport-Security, only on answers that came over HTTPS: the
 * server's own TLS, or a trusted proxy's X-Forwarded-Proto (TRUST_PROXY).
 * Sent over plain HTTP it would be ignored at best; sent by a server that
 * may go back to plain HTTP it would lock its tablets out, so the age is
 * half a year and no subdomains or preload: a LAN name is nobody else's.
 */
export const HSTS = 'max-age=15552000';

export function registerHsts(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    return payload;
  });
}
