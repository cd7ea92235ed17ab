import { Worker } from 'node:worker_threads';
import { Failure, type FailureCode } from '../http/failure.ts';
import type { ParsedUpload, readUpload } from './read-upload.ts';
import { checkDeclaredSizes, isZip, unpackLimits } from './zip-limits.ts';

/** Heap of one upload worker: a file that needs more is refused instead of ending the process. */
const workerHeapMegabytes = 1_024;

/**
 * readUpload in a worker thread: what POST /api/imports calls. A zip's declared sizes are checked
 * here first (microseconds, so an honest bomb is refused at once); the worker inflates under hard
 * caps and parses, with a heap limit of its own, while this thread keeps answering other requests.
 */
export async function readUploadOffThread(fileName: string, bytes: Uint8Array, options: Parameters<typeof readUpload>[2] = {}): Promise<ParsedUpload> {
  if (isZip(bytes)) checkDeclaredSizes(bytes);
  // the entry registers tsx in the worker, which then runs the same TypeScript sources as the server
  const worker = new Worker(new URL('./read-upload-worker-entry.mjs', import.meta.url), {
    workerData: { fileName, bytes, options },
    resourceLimits: { maxOldGenerationSizeMb: workerHeapMegabytes },
  });
  try {
    return await new Promise<ParsedUpload>((resolve, reject) => {
      worker.once('message', (message: { ok: true; parsed: ParsedUpload } | { ok: false; failure?: { code: FailureCode; params: never; details?: unknown }; error?: string }) => {
        if (message.ok) return resolve(message.parsed);
        if (message.failure) {
          const { code, params, details } = message.failure;
          return reject(new Failure(code, params, details));
        }
        reject(new Error(`the upload worker failed: ${message.error}`));
      });
      worker.once('error', (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(new Failure('unpacked_too_large', { limitBytes: workerHeapMegabytes * 1024 * 1024, entry: fileName }, { field: 'file', limit: 'workerHeap', maximum: workerHeapMegabytes * 1024 * 1024 }));
        } else reject(error);
      });
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`the upload worker exited with ${code}`));
      });
    });
  } finally {
    void worker.terminate();
  }
}

export { unpackLimits };
