import { useSyncExternalStore } from 'react';

const narrowQuery = '(max-width: 767px)';

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(narrowQuery);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

/** True on a phone-sized screen (under 768 px): panels become bottom sheets, headers shrink. */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(narrowQuery).matches);
}
