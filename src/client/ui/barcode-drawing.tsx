import { useMemo } from 'react';
import { code128Bars } from '../../domain/receipt-code.ts';

/** A Code 128 drawn as one SVG path, the text under it; `moduleMm` sets the printed width of one module. */
export default function BarcodeDrawing({ text, label, moduleMm = 0.33, heightMm = 10 }: { text: string; label: string; moduleMm?: number; heightMm?: number }) {
  const drawn = useMemo(() => {
    const { bars, total } = code128Bars(text);
    return { d: bars.map((b) => `M${b.x} 0h${b.w}v1h-${b.w}z`).join(''), total };
  }, [text]);
  const width = drawn.total * moduleMm;
  return (
    <figure className="receipt-barcode" data-code={text}>
      <svg role="img" aria-label={label} width={`${width}mm`} height={`${heightMm}mm`} viewBox={`0 0 ${drawn.total} 1`} preserveAspectRatio="none" shapeRendering="crispEdges">
        <rect width={drawn.total} height="1" fill="#fff" />
        <path d={drawn.d} fill="#000" />
      </svg>
      <figcaption>{text}</figcaption>
    </figure>
  );
}
