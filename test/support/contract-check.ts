import { createHash } from 'node:crypto';
import type { OpenAPIHono, z } from '@hono/zod-openapi';
import { errorSchema } from '../../contract/common.ts';
import type { AppEnv } from '../../server/http/app-env.ts';

/**
 * The contract made real in every API test: each answer of a documented route is checked against
 * the response schema its route declares (server/<domain>/*.routes.ts → contract/<resource>.ts).
 * A success status must be declared with the answer's content type; a JSON body must parse, and
 * must not carry a field the schema does not name (the schema is the whole answer, not a subset).
 * Every error answer of /api and /ogc is the one error shape. A mismatch throws, so the test that
 * made the request fails with the route, the status and zod's problems.
 */

interface DocumentedRoute {
  method: string;
  path: string;
  pattern: RegExp;
  /** literal segments first: /households/locations is preferred over /households/{id} */
  parameterCount: number;
  responses: Record<string, { content?: Record<string, { schema?: z.ZodType }> } | undefined>;
}

type RouteDefinition = { type: string; route?: { method: string; path: string; responses?: DocumentedRoute['responses'] } };

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

function documentedRoutes(app: OpenAPIHono<AppEnv>): DocumentedRoute[] {
  const definitions = app.openAPIRegistry.definitions as unknown as RouteDefinition[];
  return definitions
    .filter((definition) => definition.type === 'route' && definition.route)
    .map(({ route }) => ({
      method: route!.method.toUpperCase(),
      path: route!.path,
      pattern: new RegExp(`^${route!.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      parameterCount: (route!.path.match(/\{/g) ?? []).length,
      responses: route!.responses ?? {},
    }))
    .sort((a, b) => a.parameterCount - b.parameterCount);
}

/** The documented route a request reached, if any (HEAD is answered by the GET route). */
export function findDocumentedRoute(routes: DocumentedRoute[], method: string, path: string): DocumentedRoute | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  return routes.find((route) => route.method === wanted && route.pattern.test(path));
}

const isJson = (contentType: string) => /^application\/([a-z.+-]*\+)?json\b/i.test(contentType);

/**
 * Fields the schema did not describe: zod strips unknown keys, so whatever the parsed value lacks
 * that the body has was not in the contract.
 */
export function undescribedFields(body: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(body) && Array.isArray(parsed)) {
    return body.flatMap((item, index) => undescribedFields(item, parsed[index], `${path}[${index}]`));
  }
  if (body && typeof body === 'object' && parsed && typeof parsed === 'object' && !Array.isArray(body)) {
    return Object.entries(body as Record<string, unknown>).flatMap(([key, value]) =>
      key in (parsed as object)
        ? undescribedFields(value, (parsed as Record<string, unknown>)[key], path ? `${path}.${key}` : key)
        : [path ? `${path}.${key}` : key],
    );
  }
  return [];
}

function schemaFor(route: DocumentedRoute, status: number, contentType: string): { declared: boolean; schema: z.ZodType | undefined } {
  const response = route.responses[String(status)];
  if (!response) return { declared: false, schema: undefined };
  const media = Object.entries(response.content ?? {}).find(([type]) => contentType.toLowerCase().startsWith(type.toLowerCase()));
  return { declared: media !== undefined || (response.content === undefined && contentType === ''), schema: media?.[1].schema };
}

/** Answers already found to match, by route, status and body: the access matrix asks the same thing many times. */
const alreadyChecked = new Set<string>();

export async function checkAgainstContract(
  routes: DocumentedRoute[],
  method: string,
  url: URL,
  response: Response,
): Promise<void> {
  const route = findDocumentedRoute(routes, method, url.pathname);
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const where = `${method} ${url.pathname} → ${response.status} ${contentType}`;
  const status = response.status;
  if (status >= 400) {
    // GeoReport v2 has its own error list; everything else answers the one error shape
    if (url.pathname.startsWith('/open311/') || !isJson(contentType)) return;
    if (!url.pathname.startsWith('/api/') && !url.pathname.startsWith('/ogc')) return;
    const body = await response.clone().json();
    const parsed = errorSchema.safeParse(body);
    if (!parsed.success) throw new ContractViolation(`${where}: not the error shape — ${parsed.error.message}`);
    return;
  }
  if (!route || status < 200 || status >= 300 || method === 'HEAD') return;
  if (status === 204 || status === 206 || response.body === null) return;
  const { declared, schema } = schemaFor(route, status, contentType);
  if (!declared) throw new ContractViolation(`${where}: ${route.method} ${route.path} does not declare status ${status} with ${contentType || 'no content'}`);
  if (!isJson(contentType)) return;
  if (!schema) throw new ContractViolation(`${where}: no schema declared`);
  const text = await response.clone().text();
  const key = `${route.method} ${route.path} ${status} ${createHash('sha1').update(text).digest('base64')}`;
  if (alreadyChecked.has(key)) return;
  const body = JSON.parse(text);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ContractViolation(`${where}: the answer does not match ${route.path}'s schema — ${parsed.error.message}`);
  const extra = undescribedFields(body, parsed.data);
  if (extra.length > 0) throw new ContractViolation(`${where}: fields not in the schema: ${extra.slice(0, 10).join(', ')}`);
  if (alreadyChecked.size > 5000) alreadyChecked.clear();
  alreadyChecked.add(key);
}

/**
 * Wraps `app.request` so every answer is checked against the contract before the test sees it.
 * Streams (Server-Sent Events, NDJSON) are passed through unread.
 */
export function enforceContract(app: OpenAPIHono<AppEnv>): void {
  let routes: DocumentedRoute[] | undefined;
  const request = app.request.bind(app);
  app.request = (async (input: RequestInfo | URL, init?: RequestInit, ...rest: unknown[]) => {
    const response = await (request as (...args: unknown[]) => Promise<Response>)(input, init, ...rest);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream') || contentType.startsWith('application/x-ndjson')) return response;
    routes ??= documentedRoutes(app);
    await checkAgainstContract(routes, method, url, response);
    return response;
  }) as typeof app.request;
}
