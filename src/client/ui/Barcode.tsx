// The receipt number's Code 128 under a printed receipt. The drawing is a
// chunk of its own (precached), like the QR's, so the counter's first
// download does not carry the symbol table.
import { lazy, Suspense } from 'react';

const BarcodeDrawing = lazy(() => import('./barcode-drawing.tsx'));

/** `moduleMm`: 0.25 (2 dots of a 203 dpi head) fits an 11-character code in 58 mm paper's 48 mm. */
export function Barcode({ text, label, moduleMm }: { text: string; label: string; moduleMm: number }) {
  return (
    <Suspense fallback={<span aria-busy="true" aria-label={label} />}>
      <BarcodeDrawing text={text} label={label} moduleMm={moduleMm} />
    </Suspense>
  );
}
