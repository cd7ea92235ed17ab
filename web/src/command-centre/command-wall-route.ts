import { useEffect, useState } from 'react';

/** True on `#/command/wall`: the command centre's full-screen wall layout. */
export function useCommandWallRoute(): boolean {
  const read = () => /^#\/command\/wall\b/.test(window.location.hash);
  const [wall, setWall] = useState(read);
  useEffect(() => {
    const follow = () => setWall(read());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return wall;
}
