import iconv from 'iconv-lite';
import { Failure } from '../http/failure.ts';

/**
 * A dBASE (.dbf) reader that decodes text itself, so the encoding can be chosen and checked:
 * the .cpg's when there is one; otherwise UTF-8 if every text byte is valid UTF-8, else GBK.
 */
export type TextEncodingName = 'UTF-8' | 'GBK';

export interface DbfTable {
  fields: string[];
  records: Record<string, string | number | boolean | null>[];
  encoding: TextEncodingName;
  /** How the encoding was chosen. */
  encodingSource: 'cpg' | 'override' | 'detected-utf8' | 'detected-gbk';
}

/** Code page names as written in .cpg files → the encodings GridAtlas reads. */
export function encodingFromCpg(text: string): TextEncodingName | 'unknown' {
  const name = text.trim().toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (name === 'UTF8' || name === '65001') return 'UTF-8';
  if (['GBK', 'GB2312', 'GB18030', 'CP936', '936', 'ANSI936', 'EUCCN'].includes(name)) return 'GBK';
  return 'unknown';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const isUtf8 = (bytes: Uint8Array) => {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
};
/** GBK: lead bytes 0x81–0xFE followed by 0x40–0xFE (not 0x7F); anything else above 0x7F is not GBK. */
export function isGbk(bytes: Uint8Array): boolean {
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (byte < 0x80) continue;
    const next = bytes[index + 1];
    if (byte < 0x81 || byte > 0xfe || next === undefined || next < 0x40 || next > 0xfe || next === 0x7f) return false;
    index++;
  }
  return true;
}

export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): string {
  return encoding === 'UTF-8' ? new TextDecoder('utf-8').decode(bytes) : iconv.decode(Buffer.from(bytes), 'gbk');
}

/** UTF-8 if it decodes strictly, else GBK if the bytes are well-formed GBK, else a clear refusal. */
export function detectEncoding(bytes: Uint8Array, what: string): { encoding: TextEncodingName; source: 'detected-utf8' | 'detected-gbk' } {
  if (isUtf8(bytes)) return { encoding: 'UTF-8', source: 'detected-utf8' };
  if (isGbk(bytes)) return { encoding: 'GBK', source: 'detected-gbk' };
  throw new Failure('import_file_refused', { reason: 'unknown_encoding', what }, { field: 'encoding', reason: 'unknown_encoding' });
}

export function readDbf(bytes: Uint8Array, options: { cpg?: string; override?: TextEncodingName }): DbfTable {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 33) throw new Failure('import_file_refused', { reason: 'corrupt_dbf' }, { field: 'file', reason: 'corrupt_dbf' });
  const recordCount = view.readUInt32LE(4);
  const headerLength = view.readUInt16LE(8);
  const recordLength = view.readUInt16LE(10);
  if (headerLength > view.length || headerLength + recordCount * recordLength > view.length + 1) {
    throw new Failure('import_file_refused', { reason: 'corrupt_dbf' }, { field: 'file', reason: 'corrupt_dbf' });
  }
  const fields: { name: string; type: string; length: number; decimals: number }[] = [];
  for (let offset = 32; offset + 32 <= headerLength && view[offset] !== 0x0d; offset += 32) {
    const rawName = view.subarray(offset, offset + 11);
    const end = rawName.indexOf(0);
    fields.push({
      name: decodeText(rawName.subarray(0, end < 0 ? 11 : end), isUtf8(rawName.subarray(0, end < 0 ? 11 : end)) ? 'UTF-8' : 'GBK').trim(),
      type: String.fromCharCode(view[offset + 11]!),
      length: view[offset + 16]!,
      decimals: view[offset + 17]!,
    });
  }
  const textBytes = view.subarray(headerLength, headerLength + recordCount * recordLength);
  let encoding: TextEncodingName;
  let encodingSource: DbfTable['encodingSource'];
  if (options.override) {
    encoding = options.override;
    encodingSource = 'override';
  } else if (options.cpg !== undefined && encodingFromCpg(options.cpg) !== 'unknown') {
    encoding = encodingFromCpg(options.cpg) as TextEncodingName;
    encodingSource = 'cpg';
  } else {
    const detected = detectEncoding(textBytes, '.dbf');
    encoding = detected.encoding;
    encodingSource = detected.source;
  }
  const records: DbfTable['records'] = [];
  for (let index = 0; index < recordCount; index++) {
    const start = headerLength + index * recordLength;
    if (view[start] === 0x2a) continue; // deleted
    let offset = start + 1;
    const record: DbfTable['records'][number] = {};
    for (const field of fields) {
      const raw = view.subarray(offset, offset + field.length);
      offset += field.length;
      const text = decodeText(raw, encoding).replace(/\0/g, '').trim();
      if (field.type === 'N' || field.type === 'F') record[field.name] = text === '' ? null : Number(text);
      else if (field.type === 'L') record[field.name] = /^[YyTt]$/.test(text) ? true : /^[NnFf]$/.test(text) ? false : null;
      else record[field.name] = text === '' ? null : text;
    }
    records.push(record);
  }
  return { fields: fields.map((field) => field.name), records, encoding, encodingSource };
}
