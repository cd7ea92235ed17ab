import { ringCentroid } from './ring-measures.ts';

/**
 * The order grids are numbered in inside a community: west→east, north→south, made exact.
 *
 * Rule: take each grid's centroid (the area centroid of its outline in longitude/latitude, as
 * PostGIS ST_Centroid computes it). Cut the community into east–west bands 0.0045° of latitude
 * tall (about 500 m), counted southwards from the community's northernmost point. Grids are
 * ordered by band (north first), then by centroid longitude (west first), and numbered 001, 002, …
 * A grid whose centroid falls in a band belongs to that row even if it reaches into the next.
 */
export const numberingBandDegrees = 0.0045;

export interface NumberableGrid {
  /** Exterior ring in [longitude, latitude]. */
  ring: [number, number][];
}

export function numberingKey(centroid: [number, number], communityNorthLatitude: number): [number, number] {
  const band = Math.floor((communityNorthLatitude - centroid[1]) / numberingBandDegrees);
  return [band, centroid[0]];
}

/** Indexes of `grids` in numbering order. */
export function numberingOrder(grids: NumberableGrid[], communityNorthLatitude: number): number[] {
  const keys = grids.map((grid) => numberingKey(ringCentroid(grid.ring), communityNorthLatitude));
  return grids
    .map((_, index) => index)
    .sort((a, b) => keys[a]![0] - keys[b]![0] || keys[a]![1] - keys[b]![1]);
}

/** 15-digit code: 9-digit street code + 3-digit community + 3-digit sequence. */
export function gridCode(communityCode12: string, sequence: number): string {
  return communityCode12 + String(sequence).padStart(3, '0');
}

/** 徐桥社区第01网格. */
export function gridName(communityName: string, sequence: number): string {
  return `${communityName}第${String(sequence).padStart(2, '0')}网格`;
}
