// Version numbers of the wire and of the export file, without zod: the counter
// sends them from its first download, which carries no schema.

/** Bumped when a change to the wire would confuse an older client or server. */
export const PROTOCOL_VERSION = 1;

export const OUTBOX_EXPORT_FORMAT = 'kasir-karya-outbox';
export const OUTBOX_EXPORT_VERSION = 1;
