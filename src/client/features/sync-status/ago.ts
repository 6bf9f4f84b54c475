import type { T } from '../../i18n/use-t.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "2 jam lalu": coarse on purpose; a cashier needs "is this old?", not seconds. */
export function agoText(t: T, at: number, now: number): string {
  const ms = Math.max(0, now - at);
  if (ms < MINUTE) return t('agoJustNow');
  if (ms < HOUR) return t('agoMinutes', { n: Math.floor(ms / MINUTE) });
  if (ms < 48 * HOUR) return t('agoHours', { n: Math.floor(ms / HOUR) });
  return t('agoDays', { n: Math.floor(ms / (24 * HOUR)) });
}
