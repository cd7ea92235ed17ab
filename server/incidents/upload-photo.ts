import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { removePhotoFile, storePhoto, type StoredPhoto } from './photo-store.ts';
import { insertPhoto } from './photos.repo.ts';

/**
 * A staff member's photo (patrol finding, handling result): checked and re-encoded (photo-store.ts),
 * recorded with its uploader and audited in one transaction; the file goes again if that fails.
 */
export async function uploadStaffPhoto(sql: Sql, directory: string, viewer: UserViewer, bytes: Uint8Array, clientAddress: string): Promise<StoredPhoto> {
  const photo = await storePhoto(directory, bytes);
  try {
    await sql.begin(async (transaction) => {
      await insertPhoto(transaction, photo, viewer.userId);
      await recordAudit(transaction, {
        viewer, action: 'photo.upload', objectType: 'photo', objectId: photo.name, result: 'ok', clientAddress,
        details: { contentType: photo.contentType, byteSize: photo.byteSize, originalBytes: bytes.length },
      });
    });
  } catch (error) {
    await removePhotoFile(directory, photo.name);
    throw error;
  }
  return photo;
}
