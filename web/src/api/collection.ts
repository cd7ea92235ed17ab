/**
 * A GeoJSON FeatureCollection whose features carry properties `P` (a contract type such as
 * `GridProperties`). The contract's collection schemas pin each geometry kind; the map modules
 * only need the properties typed, so they take this looser shape (which every contract collection fits).
 */
export type Collection<P> = GeoJSON.FeatureCollection<GeoJSON.Geometry, P>;
