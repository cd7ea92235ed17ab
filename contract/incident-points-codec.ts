/**
 * The binary form of incident points for the heatmaps (`GET /api/analytics/incident-points?format=binary`).
 * Pure, no Node-only imports: the web app imports `decodeIncidentPoints` from here.
 *
 * Layout, little-endian, 9 bytes per point + a 56-byte header:
 *
 * | offset          | type        | field                                                              |
 * | --------------- | ----------- | ------------------------------------------------------------------ |
 * | 0               | 4 bytes     | magic "GAIP"                                                       |
 * | 4               | uint16      | version (1)                                                        |
 * | 6               | uint16      | flags: bit 0 = truncated (more points matched than `limit`)        |
 * | 8               | uint32      | count n                                                            |
 * | 12              | uint32      | header length in bytes (56): the sections start here               |
 * | 16              | float64     | origin longitude (west edge of the bounding box)                   |
 * | 24              | float64     | origin latitude (south edge)                                       |
 * | 32              | float64     | longitude step: degrees per quantum                                |
 * | 40              | float64     | latitude step                                                      |
 * | 48              | float64     | `from`: epoch milliseconds the minutes count from                  |
 * | 56              | uint32 × n  | minutes since `from` of each report                                |
 * | 56 + 4n         | uint16 × n  | quantised longitude x: lng = origin longitude + x × longitude step |
 * | 56 + 6n         | uint16 × n  | quantised latitude y:  lat = origin latitude + y × latitude step   |
 * | 56 + 8n         | uint8 × n   | major class number (1 = '01' 市容环境 … 6 = '06' 部件; 0 unknown)   |
 *
 * Every section starts aligned for its type, so a decoder makes typed-array views without copying.
 * The box is the zone's extent (widened to hold every point), split into 65,535 steps per axis:
 * about 15 cm over the 10 km demo zone, far below what a heatmap can show.
 */

export const incidentPointsMagic = 'GAIP';
export const incidentPointsVersion = 1;
export const incidentPointsHeaderBytes = 56;
export const bytesPerIncidentPoint = 9;
const quantumSteps = 65_535;

export interface IncidentPointsBox {
  minLongitude: number;
  minLatitude: number;
  maxLongitude: number;
  maxLatitude: number;
}

export interface DecodedIncidentPoints {
  count: number;
  truncated: boolean;
  from: Date;
  originLongitude: number;
  originLatitude: number;
  longitudeStep: number;
  latitudeStep: number;
  /** Views into the buffer (no copy). */
  minutes: Uint32Array;
  quantisedLongitudes: Uint16Array;
  quantisedLatitudes: Uint16Array;
  majorClasses: Uint8Array;
}

const littleEndianPlatform = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Collects points and writes the buffer; quantises against the box given up front. */
export class IncidentPointsEncoder {
  private minutes: Uint32Array;
  private longitudes: Uint16Array;
  private latitudes: Uint16Array;
  private majors: Uint8Array;
  private size = 0;
  readonly longitudeStep: number;
  readonly latitudeStep: number;

  constructor(
    private readonly box: IncidentPointsBox,
    private readonly from: Date,
    expectedCount = 1024,
  ) {
    this.longitudeStep = stepOf(box.maxLongitude - box.minLongitude);
    this.latitudeStep = stepOf(box.maxLatitude - box.minLatitude);
    const capacity = Math.max(16, expectedCount);
    this.minutes = new Uint32Array(capacity);
    this.longitudes = new Uint16Array(capacity);
    this.latitudes = new Uint16Array(capacity);
    this.majors = new Uint8Array(capacity);
  }

  get count(): number {
    return this.size;
  }

  add(longitude: number, latitude: number, minutesSinceFrom: number, majorClass: number): void {
    if (this.size === this.minutes.length) this.grow();
    const index = this.size++;
    this.minutes[index] = clamp(Math.floor(minutesSinceFrom), 0, 0xffffffff);
    this.longitudes[index] = clamp(Math.round((longitude - this.box.minLongitude) / this.longitudeStep), 0, quantumSteps);
    this.latitudes[index] = clamp(Math.round((latitude - this.box.minLatitude) / this.latitudeStep), 0, quantumSteps);
    this.majors[index] = clamp(Math.trunc(majorClass), 0, 255);
  }

  /**
   * Points already quantised against this encoder's box and steps, as the database packs them
   * (server/analytics/heatmap.repo.ts `packIncidentPoints`): 9-byte big-endian records — uint32
   * minutes, uint16 x, uint16 y, uint8 major class — one after another.
   */
  addQuantisedRecords(records: Uint8Array): void {
    const n = Math.floor(records.byteLength / bytesPerIncidentPoint);
    while (this.size + n > this.minutes.length) this.grow();
    const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
    for (let record = 0, offset = 0; record < n; record++, offset += bytesPerIncidentPoint) {
      const index = this.size++;
      this.minutes[index] = view.getUint32(offset);
      this.longitudes[index] = view.getUint16(offset + 4);
      this.latitudes[index] = view.getUint16(offset + 6);
      this.majors[index] = view.getUint8(offset + 8);
    }
  }

  finish(options: { truncated?: boolean } = {}): ArrayBuffer {
    const n = this.size;
    const buffer = new ArrayBuffer(incidentPointsHeaderBytes + bytesPerIncidentPoint * n);
    const view = new DataView(buffer);
    for (let index = 0; index < 4; index++) view.setUint8(index, incidentPointsMagic.charCodeAt(index));
    view.setUint16(4, incidentPointsVersion, true);
    view.setUint16(6, options.truncated ? 1 : 0, true);
    view.setUint32(8, n, true);
    view.setUint32(12, incidentPointsHeaderBytes, true);
    view.setFloat64(16, this.box.minLongitude, true);
    view.setFloat64(24, this.box.minLatitude, true);
    view.setFloat64(32, this.longitudeStep, true);
    view.setFloat64(40, this.latitudeStep, true);
    view.setFloat64(48, this.from.getTime(), true);
    const offsets = sectionOffsets(n);
    if (littleEndianPlatform) {
      new Uint32Array(buffer, offsets.minutes, n).set(this.minutes.subarray(0, n));
      new Uint16Array(buffer, offsets.longitudes, n).set(this.longitudes.subarray(0, n));
      new Uint16Array(buffer, offsets.latitudes, n).set(this.latitudes.subarray(0, n));
    } else {
      for (let index = 0; index < n; index++) {
        view.setUint32(offsets.minutes + 4 * index, this.minutes[index]!, true);
        view.setUint16(offsets.longitudes + 2 * index, this.longitudes[index]!, true);
        view.setUint16(offsets.latitudes + 2 * index, this.latitudes[index]!, true);
      }
    }
    new Uint8Array(buffer, offsets.majorClasses, n).set(this.majors.subarray(0, n));
    return buffer;
  }

  private grow(): void {
    const capacity = this.minutes.length * 2;
    const grown = <T extends Uint32Array | Uint16Array | Uint8Array>(array: T, make: (length: number) => T): T => {
      const next = make(capacity);
      next.set(array as never);
      return next;
    };
    this.minutes = grown(this.minutes, (length) => new Uint32Array(length));
    this.longitudes = grown(this.longitudes, (length) => new Uint16Array(length));
    this.latitudes = grown(this.latitudes, (length) => new Uint16Array(length));
    this.majors = grown(this.majors, (length) => new Uint8Array(length));
  }
}

/** Read a buffer made by `IncidentPointsEncoder`; throws on anything else. */
export function decodeIncidentPoints(buffer: ArrayBuffer): DecodedIncidentPoints {
  if (buffer.byteLength < incidentPointsHeaderBytes) throw new Error('incident points: buffer shorter than its header');
  const view = new DataView(buffer);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== incidentPointsMagic) throw new Error(`incident points: bad magic ${JSON.stringify(magic)}`);
  const version = view.getUint16(4, true);
  if (version !== incidentPointsVersion) throw new Error(`incident points: unsupported version ${version}`);
  const count = view.getUint32(8, true);
  const headerBytes = view.getUint32(12, true);
  if (headerBytes !== incidentPointsHeaderBytes) throw new Error(`incident points: unexpected header length ${headerBytes}`);
  if (buffer.byteLength < headerBytes + bytesPerIncidentPoint * count) throw new Error('incident points: buffer shorter than its count');
  const offsets = sectionOffsets(count);
  let minutes: Uint32Array;
  let quantisedLongitudes: Uint16Array;
  let quantisedLatitudes: Uint16Array;
  if (littleEndianPlatform) {
    minutes = new Uint32Array(buffer, offsets.minutes, count);
    quantisedLongitudes = new Uint16Array(buffer, offsets.longitudes, count);
    quantisedLatitudes = new Uint16Array(buffer, offsets.latitudes, count);
  } else {
    minutes = Uint32Array.from({ length: count }, (_, index) => view.getUint32(offsets.minutes + 4 * index, true));
    quantisedLongitudes = Uint16Array.from({ length: count }, (_, index) => view.getUint16(offsets.longitudes + 2 * index, true));
    quantisedLatitudes = Uint16Array.from({ length: count }, (_, index) => view.getUint16(offsets.latitudes + 2 * index, true));
  }
  return {
    count,
    truncated: (view.getUint16(6, true) & 1) === 1,
    from: new Date(view.getFloat64(48, true)),
    originLongitude: view.getFloat64(16, true),
    originLatitude: view.getFloat64(24, true),
    longitudeStep: view.getFloat64(32, true),
    latitudeStep: view.getFloat64(40, true),
    minutes,
    quantisedLongitudes,
    quantisedLatitudes,
    majorClasses: new Uint8Array(buffer, offsets.majorClasses, count),
  };
}

/** Longitude/latitude pairs [lng0, lat0, lng1, lat1, …] in degrees, e.g. for deck.gl `data.attributes.getPosition`. */
export function incidentPointPositions(points: DecodedIncidentPoints): Float64Array {
  const positions = new Float64Array(points.count * 2);
  for (let index = 0; index < points.count; index++) {
    positions[2 * index] = points.originLongitude + points.quantisedLongitudes[index]! * points.longitudeStep;
    positions[2 * index + 1] = points.originLatitude + points.quantisedLatitudes[index]! * points.latitudeStep;
  }
  return positions;
}

/** The report time of point `index`. */
export function incidentPointTime(points: DecodedIncidentPoints, index: number): Date {
  return new Date(points.from.getTime() + points.minutes[index]! * 60_000);
}

function sectionOffsets(count: number) {
  const minutes = incidentPointsHeaderBytes;
  const longitudes = minutes + 4 * count;
  const latitudes = longitudes + 2 * count;
  const majorClasses = latitudes + 2 * count;
  return { minutes, longitudes, latitudes, majorClasses };
}

function stepOf(span: number): number {
  return span > 0 && Number.isFinite(span) ? span / quantumSteps : 1e-9;
}

function clamp(value: number, minimum: number, maximum: number): number {
  return value < minimum ? minimum : value > maximum ? maximum : value;
}
