// The QR encoder is only needed on the QRIS payment and device enrolment
// screens: it is a chunk of its own, precached for offline use, and the code
// is drawn once it has loaded. Meanwhile a blank square of the same size holds
// its place, so nothing moves when it appears.
import { lazy, Suspense } from 'react';

const QrDrawing = lazy(() => import('./qr-drawing.tsx'));

export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  return (
    <Suspense
      fallback={
        <svg role="img" aria-label={label} aria-busy="true" width={size} height={size} viewBox="0 0 1 1" className="qr">
          <rect width="1" height="1" fill="#fff" />
        </svg>
      }
    >
      <QrDrawing text={text} label={label} size={size} />
    </Suspense>
  );
}
