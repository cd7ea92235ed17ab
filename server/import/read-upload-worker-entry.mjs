// The upload worker's entry: a worker thread starts without the server's TypeScript loader, so it
// registers tsx for itself and then runs the TypeScript worker (read-upload-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./read-upload-worker.ts');
