// Placeholder until the demo generator lands; the real module replaces this file.
import type { Sql } from '../db/connect.ts';

export interface DemoProgress {
  phase: string;
  done: number;
  total: number;
}

export interface DemoOptions {
  seed?: number;
  now?: Date;
  scale?: number;
  onProgress?: (progress: DemoProgress) => void;
}

export interface DemoSummary {
  communities: number;
  grids: number;
  households: number;
  incidents: number;
  [other: string]: number;
}

export async function loadDemoZone(_sql: Sql, _options: DemoOptions = {}): Promise<DemoSummary> {
  return { communities: 0, grids: 0, households: 0, incidents: 0 };
}

export async function databaseHasTerritory(sql: Sql): Promise<boolean> {
  const [row] = await sql`select exists (select 1 from streets) as present`;
  return Boolean(row?.present);
}
