// The counter's first download carries no zod (issue 12: the first screen is
// small): its wire schemas load on first use, from the precache offline.
// Without zod itself, so importing this costs the first download nothing.
import type * as Wire from './device-wire.ts';

export type DeviceWire = typeof Wire;

let loaded: DeviceWire | null = null;
let loading: Promise<DeviceWire> | null = null;

/** The schemas, fetched once; a failed fetch is tried again at the next call. */
export function loadDeviceWire(): Promise<DeviceWire> {
  loading ??= import('./device-wire.ts').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The schemas if they have arrived: for code inside an IndexedDB transaction, which must not wait on a fetch. */
export function loadedDeviceWire(): DeviceWire | null {
  return loaded;
}
