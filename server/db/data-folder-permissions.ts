import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database's folder holds every household's phone number (heap and WAL segments):
 * it is created 0700 with files 0600, and a folder from before (0755, files 0644) is tightened at
 * start with one log line. New files PGlite writes later are kept private by a 077 umask. Used by
 * openDatabase for a data folder (server start, demo loader).
 */
export function secureDataFolder(dataDirectory: string, log: (message: string) => void = (message) => console.log(`[gridatlas] ${message}`)): number {
  try {
    process.umask(0o077);
  } catch {
    // worker threads may not change the umask; the modes below still hold for what exists
  }
  fs.mkdirSync(dataDirectory, { recursive: true, mode: 0o700 });
  let tightened = 0;
  const visit = (target: string, isDirectory: boolean) => {
    const wanted = isDirectory ? 0o700 : 0o600;
    const mode = fs.statSync(target).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      fs.chmodSync(target, wanted);
      tightened += 1;
    }
    if (isDirectory) {
      for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
        if (entry.isDirectory()) visit(path.join(target, entry.name), true);
        else if (entry.isFile()) visit(path.join(target, entry.name), false);
      }
    }
  };
  visit(dataDirectory, true);
  if (tightened > 0) log(`Data folder ${dataDirectory}: ${tightened} files and folders were readable by other users; now owner-only (folders 0700, files 0600)`);
  return tightened;
}
