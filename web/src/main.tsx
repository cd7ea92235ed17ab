// MapLibre's own styles come first, so the app's map rules (styles.css and the views' CSS) override
// them whichever lazy chunk brings a map
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/i18n.ts';
import { AppRoot } from './app/app-root.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppRoot />
  </StrictMode>,
);
