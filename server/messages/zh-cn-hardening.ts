/**
 * zh-CN messages of the shared input rules (server/http/input-guard.ts, query-parameters.ts,
 * database-refusals.ts): what any route answers for input that is malformed before it means anything.
 */
export const zhCNHardeningFailures = {
  /** a foreign key refused the write: `details.fields` names the field */
  unknown_reference: () => '引用的对象不存在',
  unknown_community: () => '社区不存在',
  // zip containers (zipped Shapefile, KMZ, XLSX): limits on what they unpack to
  unpacked_too_large: (p: { limitBytes: number; entry: string }) => `压缩包内容解压后超过 ${megabytes(p.limitBytes)} MB 的上限（${p.entry}）`,
  compression_ratio_too_high: (p: { limit: number; entry: string }) => `压缩包中的 ${p.entry} 压缩比超过 ${p.limit}:1，疑为压缩炸弹，已拒绝`,
  too_many_zip_entries: (p: { limit: number }) => `压缩包内文件超过 ${p.limit} 个`,
};

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

export const zhCNHardeningProblems = {
  bad_percent_encoding: () => '百分号编码无效（如 %zz）',
  forbidden_character: () => '含有不允许的字符（空字符或不成对的代理项）',
  malformed_form: () => '表单内容无法解析（multipart 或 urlencoded 格式有误）',
  id_out_of_range: (p: { maximum: number }) => `编号应为 1 到 ${p.maximum} 之间的整数`,
  date_out_of_range: (p: { minimumYear: number; maximumYear: number }) => `日期应在 ${p.minimumYear} 年到 ${p.maximumYear} 年之间`,
  not_a_decimal_number: () => '应为十进制数（如 117.25）',
  bbox_format: () => 'bbox 应为四个数：最小经度,最小纬度,最大经度,最大纬度',
  bbox_range: () => 'bbox 超出 -180..180 / -90..90',
  bbox_reversed: () => 'bbox 的最小值大于最大值',
  value_not_storable: () => '取值超出允许范围，无法保存',
  referenced_object_missing: () => '引用的对象不存在',
};
