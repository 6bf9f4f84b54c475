// The product's small picture for the touch grid; handmade goods without one
// get a tile coloured by category with the item's initials.
import { useState } from 'react';
const COLORS: Record<string, string> = {
  // All dark enough for white text at WCAG AA (4.5:1).
  Cukli: '#6b4f2a',
  'Batik Tulis Gembok': '#2b4c7e',
  Tenun: '#8a2f4d',
  Kerajinan: '#5f5220',
  Kopi: '#4a2f1f',
  Madu: '#7a4d00',
  'Olahan Pangan': '#2f6b3a',
  'Hasil Ketahanan Pangan': '#2e5e1e',
};

export function ProductTile({ category, name, imageUrl }: { category: string; name: string; imageUrl?: string | null | undefined }) {
  // A photo that cannot load (offline and not cached yet, or gone) falls back to the tile, never a broken image.
  const [failed, setFailed] = useState<string | null>(null);
  if (imageUrl && failed !== imageUrl) {
    // Decorative: the card's text names the product.
    return <img className="product-tile" src={imageUrl} alt="" width={44} height={44} loading="lazy" decoding="async" onError={() => setFailed(imageUrl)} />;
  }
  const initials = name
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
  return (
    <span className="product-tile" aria-hidden="true" style={{ background: COLORS[category] ?? '#555' }}>
      {initials}
    </span>
  );
}
