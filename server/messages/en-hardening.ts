import type { zhCNHardeningFailures, zhCNHardeningProblems } from './zh-cn-hardening.ts';

/** English messages of the shared input rules: the same keys and params as zh-cn-hardening.ts. */
export const enHardeningFailures: typeof zhCNHardeningFailures = {
  unknown_reference: () => 'The referenced object does not exist',
  unknown_community: () => 'The community does not exist',
  unpacked_too_large: (p) => `The archive unpacks to more than the ${Math.round(p.limitBytes / 1024 / 1024)} MB limit (${p.entry})`,
  compression_ratio_too_high: (p) => `${p.entry} in the archive is compressed more than ${p.limit}:1 — refused as a possible zip bomb`,
  too_many_zip_entries: (p) => `The archive holds more than ${p.limit} files`,
};

export const enHardeningProblems: typeof zhCNHardeningProblems = {
  bad_percent_encoding: () => 'invalid percent-encoding (such as %zz)',
  forbidden_character: () => 'contains a character that is not allowed (NUL or an unpaired surrogate)',
  malformed_form: () => 'the form body cannot be parsed (malformed multipart or urlencoded data)',
  id_out_of_range: (p) => `an id is an integer from 1 to ${p.maximum}`,
  date_out_of_range: (p) => `the date must lie between the years ${p.minimumYear} and ${p.maximumYear}`,
  not_a_decimal_number: () => 'must be a decimal number (such as 117.25)',
  bbox_format: () => 'bbox must be four numbers: minLng,minLat,maxLng,maxLat',
  bbox_range: () => 'bbox is outside -180..180 / -90..90',
  bbox_reversed: () => 'bbox minimum is greater than its maximum',
  value_not_storable: () => 'the value is out of the range that can be stored',
  referenced_object_missing: () => 'the referenced object does not exist',
};
