// Turns a chosen photo into what the server stores: drawn on a canvas at
// most PHOTO_MAX_SIDE px a side and encoded as WebP there, on the device, so
// a 4 MB phone picture becomes a 10-40 KB file every tablet can keep offline.
import { scaledSize } from '../../../../domain/webp.ts';
import { PHOTO_MAX_BYTES, PHOTO_MAX_SIDE } from '../../../../protocol/labels.ts';

export type PhotoProblem = { kind: 'unreadable' } | { kind: 'no-webp' } | { kind: 'too-large'; kb: number };

export class PhotoError extends Error {
  override name = 'PhotoError';
  constructor(readonly problem: PhotoProblem) {
    super(problem.kind);
  }
}

export interface EncodedPhoto {
  readonly base64: string;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
}

/** WebP quality: 0.8 keeps cloth patterns and inlay readable at a third of the size of 0.95. */
const QUALITY = 0.8;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  // In chunks: String.fromCharCode with a whole file's bytes as arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * Draws `file` on `canvas` (which then shows the preview) and encodes it.
 * A browser that cannot encode WebP hands back a PNG from toBlob: that is
 * refused here with its own message rather than sent for the server to refuse.
 */
export async function encodePhoto(file: Blob, canvas: HTMLCanvasElement): Promise<EncodedPhoto> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new PhotoError({ kind: 'unreadable' });
  }
  const size = scaledSize(bitmap.width, bitmap.height, PHOTO_MAX_SIDE);
  canvas.width = size.width;
  canvas.height = size.height;
  const g = canvas.getContext('2d');
  if (!g) throw new PhotoError({ kind: 'unreadable' });
  // A transparent PNG would turn black in a lossy WebP without alpha on some encoders: paint it on white.
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, size.width, size.height);
  g.drawImage(bitmap, 0, 0, size.width, size.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', QUALITY));
  if (blob === null || blob.type !== 'image/webp') throw new PhotoError({ kind: 'no-webp' });
  if (blob.size > PHOTO_MAX_BYTES) throw new PhotoError({ kind: 'too-large', kb: Math.ceil(blob.size / 1024) });
  return { base64: toBase64(new Uint8Array(await blob.arrayBuffer())), bytes: blob.size, ...size };
}
