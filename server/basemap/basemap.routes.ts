// Placeholder until the offline basemap lands.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';

export function createBasemapRoutes(_context: AppContext): OpenAPIHono {
  return new OpenAPIHono();
}
