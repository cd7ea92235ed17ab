/**
 * The zoom levels of the vector tiles, without zod, so the web app can import the values (the
 * household layer's source stops at the zoom where single households begin).
 */

/** Zoom levels at which single features replace clusters. */
export const householdSingleFromZoom = 16;
export const incidentSingleFromZoom = 14;
export const maximumTileZoom = 20;
