import type { Readable } from 'node:stream';
import { FILE_LIMITS } from '@beacon/protocol';
import type Sharp from 'sharp';

/** The sniffed types that get a thumbnail. */
export const THUMBNAIL_SOURCE_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
]);

/** Images larger than this many pixels are not decoded (a decompression bomb guard). */
const MAX_INPUT_PIXELS = 100_000_000;

let loadingSharp: Promise<typeof Sharp> | undefined;

/**
 * sharp (libvips) is loaded on the first thumbnail, not at start-up: it adds about 20 MiB to the
 * RSS of a server that may never see an image.
 */
function loadSharp(): Promise<typeof Sharp> {
  loadingSharp ??= import('sharp').then((module) => module.default);
  return loadingSharp;
}

/**
 * A WebP preview of the image (its first frame), at most 320 px on the longer side, turned
 * upright by its EXIF orientation, metadata dropped. Null when the image cannot be decoded.
 */
export async function makeThumbnail(source: Readable): Promise<Buffer | null> {
  let sharp: typeof Sharp;
  try {
    sharp = await loadSharp();
  } catch (error) {
    source.destroy();
    throw error;
  }
  const transformer = sharp({ limitInputPixels: MAX_INPUT_PIXELS, animated: false, failOn: 'error' })
    .rotate()
    .resize(FILE_LIMITS.thumbnailMaxPixels, FILE_LIMITS.thumbnailMaxPixels, {
      fit: 'inside',
      withoutEnlargement: true,
    })
    .webp({ quality: 75 });
  source.on('error', (error) => transformer.destroy(error));
  source.pipe(transformer);
  try {
    return await transformer.toBuffer();
  } catch {
    source.destroy();
    return null;
  }
}
