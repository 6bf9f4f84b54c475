// The management session as the PWA holds it: the token in an HttpOnly cookie
// no script can read, so a browser restart keeps the admin signed in without
// the token ever sitting in web storage. Written by hand: `cookie@2` (what
// Fastify's light-my-request brings) wants Node 22, and one cookie needs
// neither it nor @fastify/cookie.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../protocol/auth.ts';

/** Only the API reads it; the PWA's files and the service worker's fetches of them never carry it. */
const COOKIE_PATH = '/api';

/**
 * The value of SESSION_COOKIE in a Cookie header, or null. The first one
 * wins, as in browsers' own ordering (longest path first); a token is
 * base64url and dots, so it is never quoted or escaped.
 */
export function sessionCookieOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? null : value;
  }
  return null;
}

/**
 * HTTPS as the browser saw it: behind a TLS-terminating proxy this needs
 * TRUST_PROXY (X-Forwarded-Proto); on plain HTTP (a counter PC talking to a
 * server on the shop's LAN) a Secure cookie would never be sent back.
 */
function secure(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

function cookie(req: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const attrs = [`${SESSION_COOKIE}=${value}`, `Path=${COOKIE_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict'];
  if (secure(req)) attrs.push('Secure');
  return attrs.join('; ');
}

/** The Set-Cookie value that keeps `token` until the session's own end, so it outlives a browser restart and no more. */
export function sessionCookie(req: FastifyRequest, token: string, remainingMs: number): string {
  return cookie(req, token, Math.max(0, Math.floor(remainingMs / 1000)));
}

/** The Set-Cookie value that makes the browser drop the session cookie at once. */
export function clearedSessionCookie(req: FastifyRequest): string {
  return cookie(req, '', 0);
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, remainingMs: number): void {
  void reply.header('set-cookie', sessionCookie(req, token, remainingMs));
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', clearedSessionCookie(req));
}
