import { readPhotoUpload } from './photo-upload.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { storedPhotoSchema } from '../../contract/incidents.ts';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure, notFound } from '../http/failure.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { photoDirectoryOf, photoMaxBytesOf, photoNamePattern, readPhotoFile } from './photo-store.ts';
import { findPhoto } from './photos.repo.ts';
import { uploadStaffPhoto } from './upload-photo.ts';

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
            throw new Failure('payload_too_large', { limitBytes: maxBytes }, { limitBytes: maxBytes });
          },
        }),
      ] as const,
      responses: {
        201: jsonResponse(storedPhotoSchema, 'The stored photo: its name is referenced by reports and transitions'),
        400: errorResponse('photo_field_missing or photo_empty'),
        413: errorResponse('payload_too_large'),
        415: errorResponse('photo_type_unsupported or photo_undecodable: not a JPEG, PNG or WebP image'),
      },
    }),
    async (c) => {
      const photo = await uploadStaffPhoto(sql, directory, signedInViewer(c.get('viewer')), await readPhotoUpload(c, maxBytes), c.get('clientAddress'));
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
      responses: {
        200: {
          content: {
            'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
            'image/png': { schema: z.string().openapi({ format: 'binary' }) },
            'image/webp': { schema: z.string().openapi({ format: 'binary' }) },
          },
          description: 'The image',
        },
        404: errorResponse('No such photo'),
      },
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
