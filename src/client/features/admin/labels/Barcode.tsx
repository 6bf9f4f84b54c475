// A label's barcode as SVG, drawn by bwip-js (the Barcode Writer in Pure
// PostScript ported to JS). This module is only reached from the lazily
// loaded label screen, so bwip-js never weighs on the counter's first load.
// Only the two encoders labels use are imported, with bwip-js's own SVG
// drawing: `toSVG` links every BWIPP symbology (QR, PDF417, DataMatrix...)
// and made the label chunk, precached on every device, 0.92 MB.
import { code128, drawingSVG, ean13 } from 'bwip-js/browser';
import type { LabelBarcode } from '../../../../domain/labels.ts';

// One product's code is drawn once however many of its labels a run prints.
const drawn = new Map<string, string>();

/** The SVG text of a barcode with its digits under it; scales to its box (viewBox only). */
export function barcodeSvg(b: LabelBarcode): string {
  const key = `${b.symbology}:${b.value}`;
  let svg = drawn.get(key);
  if (svg === undefined) {
    const encode = b.symbology === 'ean13' ? ean13 : code128;
    svg = encode(
      {
        bcid: b.symbology,
        text: b.value,
      includetext: true,
      height: 8,
      scale: 1,
      // EAN-13 keeps its standard digits (the first outside, the rest between the guard bars) and
      // draws its quiet zones as "<" ">" marks, so a neighbour label's edge does not eat them.
      ...(b.symbology === 'ean13' ? { guardwhitespace: true } : { textxalign: 'center', paddingwidth: 6 }),
      },
      drawingSVG(),
    );
    drawn.set(key, svg);
  }
  return svg;
}

export function Barcode({ barcode, label }: { barcode: LabelBarcode; label: string }) {
  // The SVG comes from bwip-js, built from a code it validated; no text a person typed reaches it as markup.
  return <span className="label-barcode" role="img" aria-label={label} data-symbology={barcode.symbology} data-value={barcode.value} dangerouslySetInnerHTML={{ __html: barcodeSvg(barcode) }} />;
}
