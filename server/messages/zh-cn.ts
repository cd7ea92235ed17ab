/**
 * The zh-CN catalogue: every failure and every field problem the server can report, as a function of
 * its params. zh-CN is the product's first language, so this file also fixes each message's params
 * (their types are the contract for `new Failure(code, params)`); `en.ts` must have the same keys
 * with the same params, and the compiler holds it to that.
 *
 * Sections follow the server's domains; add a domain's codes to its own section (of both files).
 */
export const zhCN = {
  failures: {
    // common
    /** `problems`: the field problems, already rendered and joined (filled in when the answer is written) */
    invalid_request: (p: { problems: string }) => `请求有误：${p.problems}`,
    unauthenticated: () => '请先登录',
    forbidden: () => '当前账号无权进行此操作',
    csrf_failed: () => '请求缺少有效的防伪令牌，请刷新页面后重试',
    /** `what` is a key of `things` below */
    not_found: (p: { what: string; id: string | number }) => `${thingZh(p.what)} ${p.id} 不存在`,
    route_not_found: (p: { method: string; path: string }) => `没有 ${p.method} ${p.path} 这个接口`,
    conflict: () => '与当前数据冲突，请刷新后重试',
    payload_too_large: (p: { limitBytes: number }) => `请求内容超过 ${formatBytesZh(p.limitBytes)} 的上限`,
    unsupported_media_type: (p: { expected: string }) => `不支持的内容类型，应为 ${p.expected}`,
    unprocessable: () => '请求无法处理',
    locked: () => '账号已暂时锁定，请稍后再试',
    rate_limited: (p: { retryAfterSeconds: number }) => `操作过于频繁，请 ${p.retryAfterSeconds} 秒后再试`,
    internal_error: () => '服务器内部错误，请稍后再试',
    // grids and plans
    invalid_transition: () => '当前状态下不能进行此操作',
    plan_conflict: () => '方案所依据的网格布局已被他人修改，请更新方案后再试',
    worker_has_grid: () => '该网格员已负责其他网格',
    grid_no_longer_exists: () => '该网格已不存在（布局已变更），请刷新',
    geometry_rejected: () => '几何图形不符合要求',
    empty_geometry_result: () => '空间计算没有得到结果，图形可能无效',
  },
  /** Names of the things a failure may be about (`notFound(what, id)`). */
  things: {
    api_key: () => 'API 密钥',
    block: () => '地块',
    calendar_day: () => '日历日',
    category: () => '事件类别',
    collection: () => '数据集',
    community: () => '社区',
    feature: () => '要素',
    grid: () => '网格',
    grid_edit: () => '网格编辑',
    household: () => '住户',
    import_job: () => '导入任务',
    incident: () => '案件',
    notification: () => '通知',
    photo: () => '照片',
    plan: () => '方案',
    report: () => '居民上报',
    risk_source: () => '风险源',
    service: () => '服务',
    service_request: () => '服务请求',
    token: () => '令牌',
    user: () => '用户',
    worker: () => '网格员',
  },
  /** Field problems: `details.fields[i]` of an `invalid_request`. Zod's own issue codes are rendered by zod's zh-CN locale. */
  problems: {
    // zod's own issue codes (rendered here, not by zod's locale, whose zh-CN text keeps English type names)
    invalid_type: (p: { expected: string }) => `应为${typeNameZh(p.expected)}`,
    invalid_value: (p: { values: readonly unknown[] }) => `应为以下之一：${p.values.map(String).join('、')}`,
    too_big: (p: { maximum: number | bigint; origin: string; inclusive?: boolean }) =>
      isSizable(p.origin) ? `最多 ${p.maximum} ${sizeUnitZh(p.origin)}` : `不能大于 ${p.maximum}`,
    too_small: (p: { minimum: number | bigint; origin: string; inclusive?: boolean }) =>
      isSizable(p.origin) ? (Number(p.minimum) === 1 && p.origin === 'string' ? '不能为空' : `至少 ${p.minimum} ${sizeUnitZh(p.origin)}`) : `不能小于 ${p.minimum}`,
    invalid_format: (p: { format: string }) => `格式不对（应为${formatNameZh(p.format)}）`,
    not_multiple_of: (p: { divisor: number }) => `应为 ${p.divisor} 的倍数`,
    unrecognized_keys: (p: { keys: readonly string[] }) => `不认识的字段：${p.keys.join('、')}`,
    invalid_union: () => '取值不符合任何一种允许的形式',
    invalid_key: () => '键无效',
    invalid_element: () => '含有无效的元素',
    custom: () => '取值无效',
    // the product's own
    required: () => '必填',
    unknown_field: () => '不认识的字段',
    not_json: () => '请求体不是有效的 JSON',
  },
} as const;

export function formatBytesZh(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} 字节`;
}

function thingZh(what: string): string {
  const things = zhCN.things as Record<string, (() => string) | undefined>;
  return things[what]?.() ?? what;
}

function typeNameZh(expected: string): string {
  const names: Record<string, string> = {
    string: '文字', number: '数字', int: '整数', boolean: '是/否', object: '对象', array: '列表', date: '日期', bigint: '整数', null: '空值',
  };
  return names[expected] ?? '其他类型';
}
const isSizable = (origin: string) => origin === 'string' || origin === 'array' || origin === 'set' || origin === 'file';
function sizeUnitZh(origin: string): string {
  return origin === 'string' ? '个字符' : origin === 'file' ? '字节' : '项';
}
function formatNameZh(format: string): string {
  const names: Record<string, string> = {
    email: '电子邮箱', url: '网址', uuid: 'UUID', datetime: 'ISO 8601 日期时间', date: 'ISO 8601 日期（年-月-日）', time: '时间', regex: '规定的格式',
  };
  return names[format] ?? '规定的格式';
}
