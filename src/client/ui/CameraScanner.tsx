// Camera scanning: the browser's BarcodeDetector where it exists (Chrome on
// Android), ZXing elsewhere. ZXing is loaded only when the camera opens; it
// is precached like every chunk, so it works offline too.
import { useEffect, useRef, useState } from 'react';
import { browserErrorText } from '../i18n/server-words.ts';
import { useT } from '../i18n/use-t.ts';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike;

const FORMATS = ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128', 'code_39', 'qr_code'];

/** `hint`: what to point at the camera; a barcode unless told. */
export function CameraScanner({ onCode, onClose, hint }: { onCode: (code: string) => void; onClose: () => void; hint?: string }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  // Kept as thrown and worded at render, so a language switch rewords it without restarting the camera.
  const [error, setError] = useState<{ e: unknown } | null>(null);

  useEffect(() => {
    let stopped = false;
    let stop: () => void = () => undefined;
    const found = (code: string) => {
      if (stopped) return;
      stopped = true;
      stop();
      onCode(code);
    };
    const start = async () => {
      const el = video.current;
      if (!el) return;
      const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
      if (Detector) {
        const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        el.srcObject = stream;
        await el.play();
        const detector = new Detector({ formats: FORMATS });
        let timer: ReturnType<typeof setTimeout> | undefined;
        stop = () => {
          clearTimeout(timer);
          for (const track of stream.getTracks()) track.stop();
        };
        const tick = async () => {
          if (stopped) return;
          const codes = await detector.detect(el).catch(() => []);
          const first = codes[0];
          if (first) found(first.rawValue);
          else timer = setTimeout(() => void tick(), 150);
        };
        void tick();
        return;
      }
      const { BrowserMultiFormatReader } = await import('@zxing/browser');
      const reader = new BrowserMultiFormatReader();
      const controls = await reader.decodeFromConstraints({ video: { facingMode: 'environment' } }, el, (result) => {
        if (result) found(result.getText());
      });
      stop = () => controls.stop();
      if (stopped) controls.stop();
    };
    start().catch((e: unknown) => setError({ e }));
    return () => {
      stopped = true;
      stop();
    };
  }, [onCode]);

  return (
    <div className="camera" role="dialog" aria-label={t('cameraScan')}>
      <p>{hint ?? t('cameraHint')}</p>
      <video ref={video} muted playsInline className="camera-video" />
      {error ? (
        <p role="alert" className="error">
          {t('cameraUnavailable', { reason: browserErrorText(t, error.e) ?? (error.e instanceof Error ? error.e.message : String(error.e)) })}
        </p>
      ) : null}
      <button type="button" className="secondary" onClick={onClose}>
        {t('cameraStop')}
      </button>
    </div>
  );
}
