// Strings of the management pages (admin, supervisor), kept apart from the
// counter's glossary in strings.ts; merged into it there.
export const adminId = {
  navAdmin: 'Admin',
} as const;

export const adminEn: Record<keyof typeof adminId, string> = {
  navAdmin: 'Admin',
};
