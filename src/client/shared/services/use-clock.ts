import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs`, so a countdown or "2 jam lalu" keeps moving while nothing else changes. */
export function useClock(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
