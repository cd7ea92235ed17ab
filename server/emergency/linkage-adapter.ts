import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * 互联互通 with the city's 110 / 119 / 120 command platforms (issue 20). Their interfaces differ
 * from city to city, so GridAtlas speaks one documented JSON webhook and a city plugs in an
 * adapter (or a small bridge) behind it.
 *
 * Out — on a hand-over by webhook GridAtlas POSTs to GRIDATLAS_LINKAGE_URL:
 *   Content-Type: application/json
 *   X-GridAtlas-Signature: sha256=<hex HMAC-SHA256 of the raw body with GRIDATLAS_LINKAGE_SECRET>
 *   { "type": "gridatlas.emergency.handover", "platform": "119", "handedAt": "<ISO>",
 *     "emergency": { "id", "responseLevel", "longitude", "latitude", "radiusMetres", "activatedAt",
 *                    "planTitle", "incidentId", "affectedHouseholds", "vulnerableResidents" } }
 * and expects 2xx with { "reference": "<the platform's case number>" } (reference optional).
 *
 * In — the platform (or bridge) POSTs to /api/linkage/webhook, signed the same way:
 *   { "emergencyId": 12, "platform": "119", "reference": "F2026-0042", "status": "dispatched",
 *     "note": "两辆消防车已出动" }
 * and the emergency's log shows who said what when.
 */

export type Platform = '110' | '119' | '120';

export interface HandoverMessage {
  type: 'gridatlas.emergency.handover';
  platform: Platform;
  handedAt: string;
  emergency: {
    id: number; responseLevel: string; longitude: number; latitude: number; radiusMetres: number; activatedAt: string;
    planTitle: string | null; incidentId: number | null; affectedHouseholds: number; vulnerableResidents: number;
  };
}

export interface DeliveryResult {
  delivered: boolean;
  reference: string | null;
  /** why it failed, for the log: 'not_configured', 'http_<status>', 'timeout', 'unreachable' */
  problem: string | null;
}

/** What a city adapter implements. */
export interface LinkageAdapter {
  send(message: HandoverMessage): Promise<DeliveryResult>;
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Whether `signature` is the body's signature with `secret` (constant time). */
export function signatureMatches(secret: string | undefined, body: string, signature: string | undefined): boolean {
  if (!secret || !signature) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The JSON webhook adapter. Without a URL nothing is sent and the hand-over is recorded as failed. */
export function jsonWebhookAdapter(options: { url: string | undefined; secret: string | undefined; timeoutMilliseconds?: number }): LinkageAdapter {
  return {
    async send(message) {
      if (!options.url) return { delivered: false, reference: null, problem: 'not_configured' };
      const body = JSON.stringify(message);
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (options.secret) headers['X-GridAtlas-Signature'] = signBody(options.secret, body);
      try {
        const response = await fetch(options.url, {
          method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMilliseconds ?? 5000),
        });
        if (!response.ok) return { delivered: false, reference: null, problem: `http_${response.status}` };
        const answer = (await response.json().catch(() => ({}))) as { reference?: unknown };
        const reference = typeof answer.reference === 'string' && answer.reference.length > 0 ? answer.reference.slice(0, 100) : null;
        return { delivered: true, reference, problem: null };
      } catch (error) {
        return { delivered: false, reference: null, problem: (error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable' };
      }
    },
  };
}
