import fs from 'node:fs';
import path from 'node:path';
import { DatabaseStartupError } from './database-errors.ts';

/**
 * PGlite has no lock of its own: two processes opening the same data folder corrupt it.
 * A lock file beside the folder holds the owner's pid; a stale one (dead pid) is taken over.
 */
export function lockDataFolder(dataDirectory: string): () => void {
  fs.mkdirSync(path.dirname(dataDirectory), { recursive: true });
  const lockPath = `${dataDirectory}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const ownerPid = Number(fs.readFileSync(lockPath, 'utf8'));
      if (ownerPid && ownerPid !== process.pid && isAlive(ownerPid)) {
        throw new DatabaseStartupError(
          'data_folder_locked',
          `The data folder ${dataDirectory} is in use by another GridAtlas process (pid ${ownerPid}). ` +
            'Stop that process, or point GRIDATLAS_DATA_DIR at another folder.',
        );
      }
      fs.unlinkSync(lockPath); // stale lock from a process that died
    }
  }
  throw new Error(`could not lock ${dataDirectory}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
