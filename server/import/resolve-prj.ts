/**
 * A .prj without an EPSG code is resolved to one here, once per file, so that validation
 * transforms with `ST_Transform(g, srid)` — not with WKT text per row, which makes PROJ build the
 * transformation again for every row (issue 16: ~10× slower). Resolved: an AUTHORITY["EPSG",…]
 * of the whole CRS; Web Mercator; and the Gauss-Krüger CRSs Chinese surveys use — CGCS2000,
 * Xian 1980 and Beijing 1954, 3° and 6° zones, with or without the zone number in the false
 * easting — read from the WKT's parameters (ESRI and OGC spellings), not from its name.
 * Anything else stays WKT.
 */
export function epsgOfPrj(prj: string): number | null {
  const text = prj.trim();
  const authority = text.match(/AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i);
  if (authority) return Number(authority[1]);
  const kind = text.match(/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[/i)?.[1]?.toUpperCase();
  if (!kind) return null;
  const datum = datumOf(text);
  if (kind.startsWith('GEO')) return datum ? geographic[datum] : null;
  if (/Mercator_Auxiliary_Sphere|Pseudo[-_ ]Mercator|Web_Mercator|Popular Visualisation/i.test(text)) return 3857;
  if (!datum || datum === 'wgs84') return null;
  if (!/PROJECTION\[\s*"(Gauss_Kruger|Transverse_Mercator)"|METHOD\[\s*"Transverse Mercator"/i.test(text)) return null;
  const parameter = (name: RegExp) => {
    const match = text.match(new RegExp(`PARAMETER\\[\\s*"(?:${name.source})"\\s*,\\s*(-?[0-9.eE+]+)`, 'i'));
    return match ? Number(match[1]) : null;
  };
  const centralMeridian = parameter(/central_meridian|Longitude of natural origin/);
  const falseEasting = parameter(/false_easting|False easting/) ?? 0;
  const falseNorthing = parameter(/false_northing|False northing/) ?? 0;
  const scale = parameter(/scale_factor|Scale factor at natural origin/) ?? 1;
  const latitudeOfOrigin = parameter(/latitude_of_origin|Latitude of natural origin/) ?? 0;
  if (centralMeridian === null || falseNorthing !== 0 || Math.abs(scale - 1) > 1e-9 || latitudeOfOrigin !== 0) return null;
  const units = [...text.matchAll(/UNIT\[\s*"[^"]*"\s*,\s*([0-9.eE+-]+)/gi)];
  if (units.length > 0 && Math.abs(Number(units.at(-1)![1]) - 1) > 1e-9) return null; // linear unit: metres
  const table = gaussKruger[datum];
  const zone = Math.round((falseEasting - 500_000) / 1_000_000);
  if (Math.abs(falseEasting - 500_000 - zone * 1_000_000) > 1e-6) return null;
  if (zone === 0) {
    // the central meridian alone: 3° CMs are 75…135 in steps of 3, 6° CMs are among them, and a
    // CM projection is the same whichever width its zone has; the name says which code to give
    const threeDegree = (centralMeridian - 75) / 3;
    if (!Number.isInteger(threeDegree) || threeDegree < 0 || threeDegree > 20) return null;
    const sixDegree = (centralMeridian - 75) / 6;
    const namedSixDegree = !/3[_ -]?degree/i.test(text) && /GK_CM|Gauss[-_ ]Kruger[_ ]CM/i.test(text);
    return namedSixDegree && Number.isInteger(sixDegree) ? table.sixDegreeCm + sixDegree : table.threeDegreeCm + threeDegree;
  }
  if (zone >= 25 && zone <= 45 && centralMeridian === zone * 3) return table.threeDegreeZone + (zone - 25);
  if (zone >= 13 && zone <= 23 && centralMeridian === zone * 6 - 3) return table.sixDegreeZone + (zone - 13);
  return null;
}

type Datum = 'cgcs2000' | 'xian1980' | 'beijing1954' | 'wgs84';

function datumOf(text: string): Datum | null {
  const datum = text.match(/DATUM\[\s*"([^"]+)"/i)?.[1] ?? text.match(/GEOGCS\[\s*"([^"]+)"/i)?.[1] ?? '';
  if (/2000|CGCS|China_Geodetic|China Geodetic/i.test(datum)) return 'cgcs2000';
  if (/Xian|Xi'an|1980/i.test(datum)) return 'xian1980';
  if (/Beijing|1954/i.test(datum)) return 'beijing1954';
  if (/WGS.?(19)?84|World Geodetic System 1984/i.test(datum)) return 'wgs84';
  return null;
}

const geographic: Record<Datum, number> = { wgs84: 4326, cgcs2000: 4490, xian1980: 4610, beijing1954: 4214 };

/** First EPSG code of each family; codes run in steps of one zone (EPSG registry). */
const gaussKruger: Record<Exclude<Datum, 'wgs84'>, { threeDegreeZone: number; threeDegreeCm: number; sixDegreeZone: number; sixDegreeCm: number }> = {
  cgcs2000: { threeDegreeZone: 4513, threeDegreeCm: 4534, sixDegreeZone: 4491, sixDegreeCm: 4502 },
  xian1980: { threeDegreeZone: 2349, threeDegreeCm: 2370, sixDegreeZone: 2327, sixDegreeCm: 2338 },
  beijing1954: { threeDegreeZone: 2401, threeDegreeCm: 2422, sixDegreeZone: 21413, sixDegreeCm: 21453 },
};
