// Receipt printers from the browser: ESC/POS bytes over WebUSB (Chrome on
// Android and desktop), Web Serial (desktop Chrome) or Web Bluetooth (BLE
// printers only). Every path is feature-detected; any failure falls back to
// window.print() with the 58/80 mm stylesheet, which always works.
import type { PrinterChoice } from '../../db/settings-repo.ts';
import { browserErrorText } from '../../i18n/server-words.ts';
import type { StringKey } from '../../i18n/strings.ts';
import type { T } from '../../i18n/use-t.ts';

/** What went wrong with a printer, for the screen to word; the message is English for logs. */
export type PrinterProblem = 'unavailable' | 'usb-not-paired' | 'usb-no-endpoint' | 'serial-not-paired' | 'serial-not-writable' | 'bluetooth-not-paired' | 'bluetooth-no-characteristic';

export class PrinterError extends Error {
  override name = 'PrinterError';
  constructor(
    readonly problem: PrinterProblem,
    message: string,
  ) {
    super(message);
  }
}

const PRINTER_WORDS: Record<PrinterProblem, StringKey> = {
  unavailable: 'printerErrUnavailable',
  'usb-not-paired': 'printerErrUsbNotPaired',
  'usb-no-endpoint': 'printerErrUsbNoEndpoint',
  'serial-not-paired': 'printerErrSerialNotPaired',
  'serial-not-writable': 'printerErrSerialNotWritable',
  'bluetooth-not-paired': 'printerErrBluetoothNotPaired',
  'bluetooth-no-characteristic': 'printerErrBluetoothNoCharacteristic',
};

/** A printer failure in the reader's words: ours by its problem, the browser's (WebUSB, Web Serial, Bluetooth) by its name. */
export function printerErrorText(t: T, e: unknown): string {
  if (e instanceof PrinterError) return t(PRINTER_WORDS[e.problem]);
  return browserErrorText(t, e) ?? (e instanceof Error ? e.message : String(e));
}

interface UsbEndpoint {
  direction: 'in' | 'out';
  endpointNumber: number;
}
interface UsbDevice {
  productName?: string;
  opened: boolean;
  configuration: { interfaces: { interfaceNumber: number; alternate: { endpoints: UsbEndpoint[] } }[] } | null;
  open(): Promise<void>;
  selectConfiguration(n: number): Promise<void>;
  claimInterface(n: number): Promise<void>;
  transferOut(endpoint: number, data: Uint8Array): Promise<unknown>;
  close(): Promise<void>;
}
interface Usb {
  requestDevice(opts: { filters: object[] }): Promise<UsbDevice>;
  getDevices(): Promise<UsbDevice[]>;
}
interface SerialPortLike {
  getInfo(): { usbProductId?: number };
  open(opts: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
  writable: WritableStream<Uint8Array> | null;
}
interface Serial {
  requestPort(): Promise<SerialPortLike>;
  getPorts(): Promise<SerialPortLike[]>;
}
interface GattCharacteristic {
  properties: { write: boolean; writeWithoutResponse: boolean };
  writeValueWithoutResponse(data: Uint8Array): Promise<void>;
  writeValue(data: Uint8Array): Promise<void>;
}
interface BluetoothDeviceLike {
  name?: string;
  gatt?: {
    connect(): Promise<{
      getPrimaryServices(): Promise<{ getCharacteristics(): Promise<GattCharacteristic[]> }[]>;
      disconnect(): void;
    }>;
  };
}
interface Bluetooth {
  requestDevice(opts: { filters?: object[]; acceptAllDevices?: boolean; optionalServices?: string[] }): Promise<BluetoothDeviceLike>;
  getDevices?(): Promise<BluetoothDeviceLike[]>;
}
type Nav = Navigator & { usb?: Usb; serial?: Serial; bluetooth?: Bluetooth };

// Services most cheap BLE receipt printers expose for raw ESC/POS.
const BLE_SERVICES = ['000018f0-0000-1000-8000-00805f9b34fb', 'e7810a71-73ae-499d-8c15-faa9aef0c3f2', '49535343-fe7d-4ae5-8fa9-9fafd205e455'];

export function printerSupported(kind: PrinterChoice): boolean {
  const nav = (globalThis.navigator ?? {}) as Nav;
  if (kind === 'dialog') return typeof globalThis.print === 'function';
  if (kind === 'usb') return !!nav.usb;
  if (kind === 'serial') return !!nav.serial;
  return !!nav.bluetooth;
}

let bleDevice: BluetoothDeviceLike | null = null;

/** Asks the user to pick a printer (needs a tap); the browser remembers USB and serial permissions. */
export async function pairPrinter(kind: Exclude<PrinterChoice, 'dialog'>): Promise<string> {
  const nav = navigator as Nav;
  if (kind === 'usb' && nav.usb) return (await nav.usb.requestDevice({ filters: [] })).productName ?? 'USB';
  if (kind === 'serial' && nav.serial) {
    const port = await nav.serial.requestPort();
    return `Serial ${port.getInfo().usbProductId ?? ''}`.trim();
  }
  if (kind === 'bluetooth' && nav.bluetooth) {
    bleDevice = await nav.bluetooth.requestDevice({ acceptAllDevices: true, optionalServices: BLE_SERVICES });
    return bleDevice.name ?? 'Bluetooth';
  }
  throw new PrinterError('unavailable', `${kind} is not available in this browser`);
}

async function sendUsb(bytes: Uint8Array): Promise<void> {
  const [device] = await (navigator as Nav).usb!.getDevices();
  if (!device) throw new PrinterError('usb-not-paired', 'no USB printer paired');
  if (!device.opened) await device.open();
  if (!device.configuration) await device.selectConfiguration(1);
  const iface = device.configuration?.interfaces.find((i) => i.alternate.endpoints.some((e) => e.direction === 'out'));
  const out = iface?.alternate.endpoints.find((e) => e.direction === 'out');
  if (!iface || !out) throw new PrinterError('usb-no-endpoint', 'the USB device has no output endpoint');
  await device.claimInterface(iface.interfaceNumber);
  try {
    await device.transferOut(out.endpointNumber, bytes);
  } finally {
    await device.close();
  }
}

async function sendSerial(bytes: Uint8Array): Promise<void> {
  const [port] = await (navigator as Nav).serial!.getPorts();
  if (!port) throw new PrinterError('serial-not-paired', 'no serial printer paired');
  await port.open({ baudRate: 9600 });
  try {
    const writer = port.writable?.getWriter();
    if (!writer) throw new PrinterError('serial-not-writable', 'the serial port is not writable');
    await writer.write(bytes);
    writer.releaseLock();
  } finally {
    await port.close();
  }
}

async function sendBluetooth(bytes: Uint8Array): Promise<void> {
  const nav = navigator as Nav;
  const device = bleDevice ?? (await nav.bluetooth?.getDevices?.())?.[0] ?? null;
  if (!device?.gatt) throw new PrinterError('bluetooth-not-paired', 'no Bluetooth printer paired in this session: pair it again in Settings');
  const server = await device.gatt.connect();
  try {
    const services = await server.getPrimaryServices();
    let target: GattCharacteristic | null = null;
    for (const s of services) {
      target = (await s.getCharacteristics()).find((c) => c.properties.write || c.properties.writeWithoutResponse) ?? null;
      if (target) break;
    }
    if (!target) throw new PrinterError('bluetooth-no-characteristic', 'the Bluetooth device has no writable characteristic');
    // BLE writes are small; 180 bytes fits the MTU most printers negotiate.
    for (let i = 0; i < bytes.length; i += 180) {
      const chunk = bytes.slice(i, i + 180);
      if (target.properties.writeWithoutResponse) await target.writeValueWithoutResponse(chunk);
      else await target.writeValue(chunk);
    }
  } finally {
    server.disconnect();
  }
}

export async function sendToPrinter(kind: Exclude<PrinterChoice, 'dialog'>, bytes: Uint8Array): Promise<void> {
  if (!printerSupported(kind)) throw new PrinterError('unavailable', `${kind} is not available in this browser`);
  if (kind === 'usb') return sendUsb(bytes);
  if (kind === 'serial') return sendSerial(bytes);
  return sendBluetooth(bytes);
}
