import type { Context } from 'hono';
import { Failure, invalidRequest, problem } from '../http/failure.ts';
import { readMultipartForm } from '../http/input-guard.ts';

/**
 * The bytes of an uploaded photo, sent either as the raw request body or as a multipart file field
 * named "photo" (or "file"): the one reading of uploads for staff and residents alike. Refuses an
 * empty body and one above `maxBytes`; the image checks themselves are in photo-store.ts.
 */
export async function readPhotoUpload(c: Context, maxBytes: number): Promise<Uint8Array> {
  const contentType = c.req.header('content-type') ?? '';
  let bytes: Uint8Array;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await readMultipartForm(c);
    const file = form.photo ?? form.file;
    if (!(file instanceof File)) throw invalidRequest([problem('photo', 'photo_field_missing', {})]);
    bytes = new Uint8Array(await file.arrayBuffer());
  } else {
    bytes = new Uint8Array(await c.req.arrayBuffer());
  }
  if (bytes.length === 0) throw invalidRequest([problem('photo', 'photo_empty', {})]);
  if (bytes.length > maxBytes) throw new Failure('payload_too_large', { limitBytes: maxBytes }, { limitBytes: maxBytes });
  return bytes;
}
