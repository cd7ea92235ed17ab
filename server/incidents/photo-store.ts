import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import type { Config } from '../config.ts';
import { Failure } from '../http/failure.ts';

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';
const extensionOf: Record<PhotoType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

export const defaultPhotoMaxBytes = 8 * 1024 * 1024;
/** Decoding bombs: refuse images above this many pixels (e.g. 8000 × 5000). */
const maximumPixels = 40_000_000;
/** Stored photos are scaled down to fit this box: plenty for a case record, small on a phone. */
const maximumEdge = 2560;

export const photoNamePattern = /^[0-9a-f]{32}\.(jpg|png|webp)$/;

/** Where photos live: GRIDATLAS_PHOTO_DIR, else `photos` beside the database folder. */
export function photoDirectoryOf(config: Config, environment: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(environment.GRIDATLAS_PHOTO_DIR || path.join(path.dirname(config.dataDirectory), 'photos'));
}

export function photoMaxBytesOf(environment: NodeJS.ProcessEnv = process.env): number {
  const value = Number(environment.GRIDATLAS_PHOTO_MAX_BYTES);
  return Number.isInteger(value) && value > 0 ? value : defaultPhotoMaxBytes;
}

/** The real type from the first bytes — never from the name or the declared Content-Type. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((byte, index) => bytes[index] === byte)) return 'image/png';
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

export interface StoredPhoto {
  name: string;
  contentType: PhotoType;
  byteSize: number;
  width: number;
  height: number;
}

/**
 * Check, re-encode and store one upload. Re-encoding with sharp drops every metadata block
 * (EXIF with its GPS position, XMP, ICC comments) and anything smuggled after the image data;
 * the orientation is applied to the pixels first so the photo still looks right.
 */
export async function storePhoto(directory: string, bytes: Uint8Array): Promise<StoredPhoto> {
  const contentType = sniffPhotoType(bytes);
  if (!contentType) {
    throw new Failure('photo_type_unsupported', {}, { accepted: Object.keys(extensionOf) });
  }
  let output: { data: Buffer; info: OutputInfo };
  try {
    let pipeline = sharp(bytes, { limitInputPixels: maximumPixels, failOn: 'error' })
      .rotate()
      .resize({ width: maximumEdge, height: maximumEdge, fit: 'inside', withoutEnlargement: true });
    pipeline =
      contentType === 'image/jpeg' ? pipeline.jpeg({ quality: 85, mozjpeg: true })
        : contentType === 'image/png' ? pipeline.png({ compressionLevel: 8 })
          : pipeline.webp({ quality: 85 });
    output = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (error) {
    // sharp's own words stay in the server's log, not in the answer
    console.warn(`[gridatlas] a ${contentType} upload could not be decoded:`, error instanceof Error ? error.message : error);
    throw new Failure('photo_undecodable', { contentType }, { contentType });
  }
  const name = `${randomBytes(16).toString('hex')}.${extensionOf[contentType]}`;
  await fs.mkdir(directory, { recursive: true, mode: 0o700 });
  const target = path.join(directory, name);
  const partial = `${target}.partial`;
  await fs.writeFile(partial, output.data, { mode: 0o600 });
  await fs.rename(partial, target);
  return { name, contentType, byteSize: output.data.length, width: output.info.width, height: output.info.height };
}

export async function readPhotoFile(directory: string, name: string): Promise<Buffer | undefined> {
  if (!photoNamePattern.test(name)) return undefined;
  try {
    return await fs.readFile(path.join(directory, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function removePhotoFile(directory: string, name: string): Promise<void> {
  if (photoNamePattern.test(name)) await fs.rm(path.join(directory, name), { force: true });
}
