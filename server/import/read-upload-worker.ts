import { parentPort, workerData } from 'node:worker_threads';
import { Failure } from '../http/failure.ts';
import { readUpload } from './read-upload.ts';
import { checkActualSizes, isZip } from './zip-limits.ts';

/**
 * The upload worker (read-upload-off-thread.ts starts one per upload): unpacks and parses the file
 * away from the request thread, so a large or hostile file never stalls lookups. A zip is inflated
 * under hard caps first (zip-limits.ts); a failure travels back as its code, params and details.
 */
const { fileName, bytes, options } = workerData as { fileName: string; bytes: Uint8Array; options: Parameters<typeof readUpload>[2] };

async function run() {
  try {
    if (isZip(bytes)) checkActualSizes(bytes);
    const parsed = await readUpload(fileName, bytes, options);
    parentPort!.postMessage({ ok: true, parsed });
  } catch (error) {
    if (error instanceof Failure) {
      parentPort!.postMessage({ ok: false, failure: { code: error.code, params: error.params, details: error.details } });
    } else {
      parentPort!.postMessage({ ok: false, error: String((error as Error)?.stack ?? error) });
    }
  }
}
void run();
