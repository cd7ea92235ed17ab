import type { Queryable } from '../db/connect.ts';
import type { PhotoType, StoredPhoto } from './photo-store.ts';

/** `uploadedBy` null: a resident's photo (no account). */
export async function insertPhoto(sql: Queryable, photo: StoredPhoto, uploadedBy: number | null): Promise<void> {
  await sql`
    insert into photos (name, content_type, byte_size, width, height, uploaded_by)
    values (${photo.name}, ${photo.contentType}, ${photo.byteSize}, ${photo.width}, ${photo.height}, ${uploadedBy})`;
}

export async function findPhoto(sql: Queryable, name: string) {
  const [row] = await sql<{ name: string; contentType: PhotoType; byteSize: number }[]>`
    select name, content_type, byte_size from photos where name = ${name}`;
  return row;
}
