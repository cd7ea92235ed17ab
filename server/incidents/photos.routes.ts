import { readPhotoUpload } from './photo-upload.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure, notFound } from '../http/failure.ts';
import { photoDirectoryOf, photoMaxBytesOf, photoNamePattern, readPhotoFile, removePhotoFile, storePhoto } from './photo-store.ts';
import { findPhoto, insertPhoto } from './photos.repo.ts';

export function createPhotoRoutes({ database, config }: AppContext) {
  const router = createRouter();
  const { sql } = database;
  const directory = photoDirectoryOf(config);
  const maxBytes = photoMaxBytesOf();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/photos',
      tags: ['incidents'],
      summary: `Upload a photo (raw image body, or multipart/form-data with a "photo" file), at most ${maxBytes} bytes; JPEG, PNG or WebP by content; re-encoded without metadata`,
      middleware: [
        bodyLimit({
          maxSize: maxBytes,
          onError: () => {
            throw new Failure('payload_too_large', `A photo may be at most ${maxBytes} bytes`, { limitBytes: maxBytes });
          },
        }),
      ] as const,
      responses: {
        201: { content: { 'application/json': { schema: z.any() } }, description: 'The stored photo: its name is referenced by reports and transitions' },
        413: { description: 'Too large' },
        415: { description: 'Not a JPEG, PNG or WebP image' },
      },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const bytes = await readPhotoUpload(c, maxBytes);
      const photo = await storePhoto(directory, bytes);
      try {
        await sql.begin(async (transaction) => {
          await insertPhoto(transaction, photo, viewer.userId);
          await recordAudit(transaction, {
            viewer, action: 'photo.upload', objectType: 'photo', objectId: photo.name, result: 'ok', clientAddress: c.get('clientAddress'),
            details: { contentType: photo.contentType, byteSize: photo.byteSize, originalBytes: bytes.length },
          });
        });
      } catch (error) {
        await removePhotoFile(directory, photo.name);
        throw error;
      }
      return c.json({ ...photo, url: `/api/photos/${photo.name}` }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/photos/{name}',
      tags: ['incidents'],
      summary: 'A stored photo, with its type from our own record and headers that keep it inert',
      request: { params: z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' }, example: '0123456789abcdef0123456789abcdef.jpg' }) }) },
      responses: { 200: { description: 'The image' }, 404: { description: 'No such photo' } },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      if (!photoNamePattern.test(name)) throw notFound('photo', name);
      const record = await findPhoto(sql, name);
      const bytes = record ? await readPhotoFile(directory, name) : undefined;
      if (!record || !bytes) throw notFound('photo', name);
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': record.contentType,
        'Content-Length': String(bytes.length),
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': `inline; filename="${name}"`,
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, max-age=86400, immutable',
      });
    },
  );

  return router;
}
