// Generates demo streets in a worker thread (street-source.ts): plain JavaScript that registers
// tsx, since a worker does not inherit the TypeScript loader of the thread that starts it.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { generateStreet } = await tsImport('./generate-street.ts', import.meta.url);

parentPort.on('message', ({ copyIndex, seed, now }) => {
  try {
    parentPort.postMessage({ copyIndex, street: generateStreet(copyIndex, { seed, now: new Date(now) }) });
  } catch (error) {
    parentPort.postMessage({ copyIndex, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
