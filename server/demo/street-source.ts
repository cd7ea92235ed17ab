import { Worker } from 'node:worker_threads';
import { generateStreet, type GeneratedStreet, type GenerationInput } from './generate-street.ts';

/**
 * Where the loader gets its streets from. In this thread (the default) a street is generated when
 * the loader asks for it; `ahead` generates the next street in a worker thread while the database
 * takes the current one, which on two cores hides most of the generation time (about a second a
 * street). Same inputs, same function: the same rows either way.
 */
export interface StreetSource {
  street(copyIndex: number): Promise<GeneratedStreet>;
  close(): Promise<void>;
}

export function streetsInThisThread(input: GenerationInput): StreetSource {
  return {
    street: async (copyIndex) => generateStreet(copyIndex, input),
    close: async () => {},
  };
}

/** Streets generated one ahead in a worker (needs tsx, as the bench and `npm run demo` have). */
export function streetsAhead(input: GenerationInput, streetCount: number): StreetSource {
  const worker = new Worker(new URL('./generate-street-worker.mjs', import.meta.url));
  const waiting = new Map<number, { resolve: (street: GeneratedStreet) => void; reject: (error: Error) => void }>();
  const requested = new Map<number, Promise<GeneratedStreet>>();
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure = error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on('message', (message: { copyIndex: number; street?: GeneratedStreet; error?: string }) => {
    const entry = waiting.get(message.copyIndex);
    waiting.delete(message.copyIndex);
    if (message.error !== undefined) entry?.reject(new Error(`generating street ${message.copyIndex} failed: ${message.error}`));
    else entry?.resolve(message.street!);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    if (waiting.size > 0) failAll(new Error(`the street generator stopped (exit code ${code})`));
  });
  const request = (copyIndex: number) => {
    if (copyIndex >= streetCount || requested.has(copyIndex)) return;
    const promise = new Promise<GeneratedStreet>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting.set(copyIndex, { resolve, reject });
    });
    promise.catch(() => {}); // a street asked for ahead may never be awaited
    requested.set(copyIndex, promise);
    worker.postMessage({ copyIndex, seed: input.seed, now: input.now.getTime() });
  };
  return {
    async street(copyIndex) {
      request(copyIndex);
      request(copyIndex + 1);
      const promise = requested.get(copyIndex)!;
      requested.delete(copyIndex);
      return promise;
    },
    async close() {
      waiting.clear();
      await worker.terminate();
    },
  };
}
