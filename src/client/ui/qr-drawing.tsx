import { useMemo } from 'react';
import { encode } from 'uqr';

/** A QR drawn as one SVG path; crisp at any size and readable from a phone at arm's length. */
export default function QrDrawing({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const path = useMemo(() => {
    const qr = encode(text, { ecc: 'M', border: 2 });
    const parts: string[] = [];
    qr.data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
      }),
    );
    return { d: parts.join(''), n: qr.size };
  }, [text]);
  return (
    <svg role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${path.n} ${path.n}`} shapeRendering="crispEdges" className="qr">
      <rect width={path.n} height={path.n} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
