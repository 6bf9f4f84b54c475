// The wire of accounts (issue 5): device enrolment and credentials, password
// sign-in for the management pages, users, and the audit log. Parsed on both
// ends like schemas.ts; the OpenAPI document is generated from these too.
//
// Credentials travel as `Authorization: Bearer <token>`:
//   device token  "kkd_<deviceId>.<secret>"   (sync routes: push, import, pull, sales, rotate)
//   session token "kks_<sessionId>.<secret>"  (management routes, by role)
// The management pages in a browser hold their session in an HttpOnly cookie
// instead (SESSION_COOKIE), which the server takes on management routes only
// together with SESSION_HEADER: a page of another site can make a browser
// send the cookie, never that header.
import { z } from 'zod';
import { auditNoteSchema } from './audit-notes.ts';
import { id, outletSchema, roleSchema, text } from './schemas.ts';

const epochMs = z.number().int().min(0);

export const DEVICE_TOKEN_PREFIX = 'kkd_';
export const SESSION_TOKEN_PREFIX = 'kks_';

/** Set by the sign-in answer: HttpOnly, SameSite=Strict, Path=/api, Secure over HTTPS; the session token as its value. */
export const SESSION_COOKIE = 'kasir_session';
export { DEVICE_HEALTH_HEADER, SESSION_HEADER, SESSION_HEADER_VALUE } from './headers.ts';

/**
 * A device id that can travel inside its token: the token is an HTTP header,
 * and `.` separates the id from the secret. Outbox ids are UUIDv7, which fit.
 */
export const enrolDeviceIdSchema = text().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a device id is 1-64 letters, digits, dash or underscore (the outbox id, a UUID)');

export const enrolRequestSchema = z.object({
  /** As the admin's screen shows it; spaces, dashes and case do not matter. */
  code: text().min(4).max(40),
  /** The id the device already uses for its outbox, so its unsynced sales stay its own. */
  deviceId: enrolDeviceIdSchema,
});

export const enrolResponseSchema = z.object({
  deviceId: id,
  outletId: id,
  /** The outlet's record, so a fresh device can show its name before the first pull. */
  outlet: outletSchema.nullable(),
  label: text().max(100),
  /** Shown once: the server keeps only its hash. */
  credential: text().min(20).max(300),
});

export const rotateResponseSchema = z.object({ credential: text().min(20).max(300) });

export const loginRequestSchema = z.object({
  username: text().min(1).max(64),
  password: text().min(1).max(200),
});

export const sessionUserSchema = z.object({
  id,
  username: text().min(1).max(64),
  name: text().min(1).max(100),
  role: roleSchema,
  outletId: id.nullable(),
});

/**
 * True when the password was one the server printed (first start, `npm run
 * admin`): until it is replaced (POST /api/auth/password) the session opens
 * only that route, the session and sign-out; others answer 403
 * `password-change-required`.
 */
const passwordMustChange = z.boolean().default(false);

export const loginResponseSchema = z.object({
  token: text().min(20).max(300),
  expiresAt: epochMs,
  user: sessionUserSchema,
  passwordMustChange,
});

/**
 * `expiresAt` is the session's absolute end (8 hours after sign-in, a shift).
 * A session unused for 30 minutes ends before that: the next call answers
 * 401 `session-expired`.
 */
export const sessionResponseSchema = z.object({ expiresAt: epochMs, user: sessionUserSchema, passwordMustChange });

/** The answer of calls that only do something (sign-out). */
export const okResponseSchema = z.object({ ok: z.literal(true) });

export const registerDeviceRequestSchema = z.object({
  outletId: id,
  /** What the admin calls it: "Kasir 1 NTB Mall", "Tablet booth Senggigi". */
  label: text().trim().min(1).max(100),
});

export const registerDeviceResponseSchema = z.object({
  registrationId: id,
  outletId: id,
  label: text().max(100),
  /** One-time, e.g. "K7QH-2M9X-PA4D"; shown once; also as a QR on the admin's screen. */
  code: text().min(4).max(40),
  expiresAt: epochMs,
});

export const deviceStatusSchema = z.enum(['awaiting-enrolment', 'active', 'revoked', 'code-expired']);

/** What a device says about itself with every sync request, in DEVICE_HEALTH_HEADER (headers.ts). */
export const deviceHealthSchema = z.object({
  appVersion: text().max(40),
  /** Sales and other changes not yet acknowledged. */
  pending: z.number().int().min(0).max(100_000_000),
  /** When the oldest of them was made (device clock); null when none waits. */
  oldestUnsyncedAt: epochMs.nullable(),
  /** navigator.storage.persisted(); null where the browser does not say. */
  persisted: z.boolean().nullable(),
  /** navigator.storage.estimate(), bytes; null where unknown. */
  storageUsed: z.number().int().min(0).nullable(),
  storageQuota: z.number().int().min(0).nullable(),
});
export type DeviceHealth = z.infer<typeof deviceHealthSchema>;

/** The last health report, with when the server heard it and when a push last went through. */
export const deviceHealthReportSchema = deviceHealthSchema.extend({
  reportedAt: epochMs,
  lastPushAt: epochMs.nullable(),
});

export const adminDeviceSchema = z.object({
  registrationId: id,
  deviceId: id.nullable(),
  outletId: id,
  label: text().max(100),
  status: deviceStatusSchema,
  createdAt: epochMs,
  enrolledAt: epochMs.nullable(),
  rotatedAt: epochMs.nullable(),
  revokedAt: epochMs.nullable(),
  lastSeenAt: epochMs.nullable(),
  /** The last outbox seq the server holds from it. */
  lastSeq: z.number().int().min(0),
  /** Null until the device first synced with a version that reports. */
  health: deviceHealthReportSchema.nullable(),
});
export const adminDeviceListSchema = z.object({ devices: z.array(adminDeviceSchema) });

export const usernameSchema = text()
  .min(2)
  .max(32)
  .regex(/^[a-z0-9._-]+$/, 'use 2-32 lowercase letters, digits, dot, dash or underscore');
/** 4-8 digits; domain/pin.ts pinProblem() refuses the trivial ones with a reason. */
export const pinSchema = text().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');
/** Long enough that the rate limit, not luck, decides; no composition rules (NIST 800-63B). */
export const passwordSchema = text().min(10, 'a password needs at least 10 characters').max(200);

export const changePasswordRequestSchema = z
  .object({
    currentPassword: text().min(1).max(200),
    newPassword: passwordSchema,
  })
  .refine((b) => b.newPassword !== b.currentPassword, { message: 'the new password must differ from the current one', path: ['newPassword'] });

export const createUserRequestSchema = z.object({
  username: usernameSchema,
  name: text().trim().min(1).max(100),
  role: roleSchema,
  /** Null: every outlet; only admins may have it. */
  outletId: id.nullable(),
  pin: pinSchema.optional(),
  password: passwordSchema.optional(),
});

export const updateUserRequestSchema = z
  .object({
    name: text().trim().min(1).max(100),
    role: roleSchema,
    outletId: id.nullable(),
    active: z.boolean(),
    pin: pinSchema,
    password: passwordSchema,
  })
  .partial()
  .refine((u) => Object.keys(u).length > 0, 'send at least one field to change');

export const adminUserSchema = z.object({
  id,
  username: text().min(1).max(64),
  name: text().min(1).max(100),
  role: roleSchema,
  outletId: id.nullable(),
  active: z.boolean(),
  hasPin: z.boolean(),
  hasPassword: z.boolean(),
  createdAt: epochMs,
  updatedAt: epochMs,
});
export const adminUserListSchema = z.object({ users: z.array(adminUserSchema) });

export const AUDIT_ACTIONS = [
  'device.register',
  'device.enrol',
  'device.rotate',
  'device.revoke',
  'user.create',
  'user.update',
  'user.role',
  'user.pin',
  'user.password',
  'user.active',
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'sale.void',
  'sale.refund',
  'cart.void',
  'approval.price-override',
  'approval.discount-over-limit',
  'approval.void-line',
  'approval.forged',
  'sync.resent-after-restore',
  'flag.resolve',
  'product.create',
  'product.update',
  'product.import',
  'outlet.create',
  'outlet.update',
  'producer.create',
  'producer.update',
  'label.printed',
  'label.skipped',
  'product.photo',
  'stock.receive',
  'stock.adjust',
  'transfer.send',
  'transfer.receive',
  'stock.count',
  'adjust-reason.save',
  'settlement.draft',
  'settlement.discard',
  'settlement.correct',
  'settlement.approve',
  'settlement.pay',
  'settlement.share',
  'settlement.share-revoke',
  'pnbp.record',
  'payment.confirm',
  'shift.close',
  'cash.in',
  'cash.out',
  'cash-reason.create',
  'cash-reason.update',
] as const;

export const auditEntrySchema = z.object({
  /** Only goes up; the log's order. */
  id: z.number().int().min(1),
  /** Server clock when recorded. */
  at: epochMs,
  action: z.enum(AUDIT_ACTIONS),
  /** Who did it: a user id, or null for a device or the system. */
  actorId: id.nullable(),
  deviceId: id.nullable(),
  outletId: id.nullable(),
  /** What it was done to: a user, a device registration, a sale. */
  subject: text().max(200).nullable(),
  /** Words for the admin reading the log, in English (API clients, and entries older than `note`). */
  detail: text().max(2000),
  /** The same as a code with parameters, worded on the screen in the reader's language; null on old entries. */
  note: auditNoteSchema.nullable().default(null),
});
export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) });

export const auditQuerySchema = z.object({
  before: z.coerce.number().int().min(1).optional().describe('Only entries with an id below this (the next page back).'),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('At most this many entries (default 200).'),
});

export { AUTH_ERROR_CODES } from './errors.ts';

export type EnrolRequest = z.infer<typeof enrolRequestSchema>;
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;
export type LoginResponse = z.infer<typeof loginResponseSchema>;
export type SessionUser = z.infer<typeof sessionUserSchema>;
export type RegisterDeviceResponse = z.infer<typeof registerDeviceResponseSchema>;
export type AdminDevice = z.infer<typeof adminDeviceSchema>;
export type AdminUser = z.infer<typeof adminUserSchema>;
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The local certificate authority's certificate, PEM, as /api/tls/ca-certificate serves it. */
export const caCertificateSchema = z.string().startsWith('-----BEGIN CERTIFICATE-----');
