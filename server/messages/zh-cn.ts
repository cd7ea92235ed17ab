import { zoneTimeZoneForMessages } from '../time/zone.ts';
import { zhCnAssessmentFailures, zhCnAssessmentProblems, zhCnAssessmentThings } from './zh-cn-assessment.ts';
import { dutiesFailuresZh, dutiesProblemsZh, dutiesThingsZh, dutiesWarningsZh } from './zh-cn-duties.ts';
import { emergencyFailuresZh, emergencyProblemsZh, emergencyThingsZh } from './zh-cn-emergency.ts';
import { populationFailuresZh, populationNotesZh } from './zh-cn-population.ts';
import { zhCNHardeningFailures, zhCNHardeningProblems } from './zh-cn-hardening.ts';
import { importFailuresZh, importNotesZh, importProblemsZh, importReportFailuresZh, importReportZh, importSettingsProblemsZh } from './zh-cn-import.ts';

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
    ...populationFailuresZh,
    ...zhCNHardeningFailures,
    ...importReportFailuresZh,
    ...importFailuresZh,
    // common
    /** `problems`: the field problems, already rendered and joined (filled in when the answer is written) */
    invalid_request: (p: { problems: string }) => `请求有误：${p.problems}`,
    unauthenticated: () => '请先登录',
    forbidden: () => '当前账号无权进行此操作',
    csrf_failed: () => '请求缺少有效的防伪令牌，请刷新页面后重试',
    /** `what` is a key of `things` below */
    not_found: (p: { what: string; id: string | number }) => `${thingZh(p.what)} ${p.id} 不存在`,
    route_not_found: (p: { method: string; path: string }) => `没有 ${p.method} ${p.path} 这个接口`,
    /** a database constraint refused the write (details.constraint names it) */
    conflict: () => '与当前数据冲突，请刷新后重试',
    payload_too_large: (p: { limitBytes: number }) => `请求内容超过 ${formatBytesZh(p.limitBytes)} 的上限`,
    unsupported_media_type: (p: { expected: string }) => `不支持的内容类型，应为 ${p.expected}`,
    /** @deprecated generic; give the refusal its own code (still used by server/import until it is converted) */
    unprocessable: () => '请求无法处理',
    stream_limit: (p: { limit: number }) => `本会话已打开 ${p.limit} 个实时连接，请关闭多余的页面后再试`,
    rate_limited: (p: { retryAfterSeconds: number }) => `操作过于频繁，请 ${p.retryAfterSeconds} 秒后再试`,
    internal_error: () => '服务器内部错误，请稍后再试',
    /** a refusal by the HTTP layer itself, answered with its own status */
    http_error: (p: { status: number }) => `请求无法处理（HTTP ${p.status}）`,
    /** @deprecated generic; the grid and plan refusals have codes of their own (still used by server/import) */
    geometry_rejected: () => '几何图形不符合要求',
    // accounts and access
    wrong_credentials: () => '用户名或密码错误',
    locked: (p: { lockedUntil: string }) => `连续登录失败次数过多，账号已锁定至 ${timeZh(p.lockedUntil)}，请稍后再试`,
    password_change_required: () => '请先修改一次性密码，再进行其他操作',
    cross_origin_refused: () => '拒绝来自其他网站的请求',
    no_access_rule: (p: { method: string; path: string }) => `接口 ${p.method} ${p.path} 没有访问规则，默认拒绝`,
    role_forbidden: (p: { role: string }) => `${roleZh(p.role)}角色无权进行此操作`,
    username_taken: (p: { username: string }) => `用户名 ${p.username} 已被使用`,
    reveal_forbidden: (p: { role: string }) => `${roleZh(p.role)}角色无权查看完整的个人信息`,
    // open data (API keys, OGC API, Open311)
    api_key_required: (p: { scope: string }) => `需要具有 ${p.scope} 权限的 API 密钥`,
    api_key_invalid: (p: { scope: string }) => `API 密钥无效、已吊销或没有 ${p.scope} 权限`,
    open311_api_key_required: () => '提交服务请求须提供 API 密钥（api_key，权限 open311_submit）',
    // territory: geometry a user sent
    geometry_unreadable: (p: { field: string }) => `${p.field}：无法识别该几何图形`,
    geometry_empty: (p: { field: string }) => `${p.field}：几何图形为空`,
    geometry_invalid: (p: { field: string; problem: string }) => `${p.field}：几何图形无效（${geometryProblemZh(p.problem)}）`,
    empty_geometry_result: () => '空间计算没有得到结果，图形可能无效',
    // grids: the planner's live edits
    grid_no_longer_exists: (p: { gridId: number }) => `网格 ${p.gridId} 在当前布局中已不存在，请刷新`,
    versions_not_found: (p: { ids: string }) => `网格版本 ${p.ids} 不存在`,
    grids_in_different_communities: () => '所选网格属于不同社区；一次编辑只能在一个社区内进行',
    grids_changed_since_loaded: (p: { count: number }) => `编辑器加载后，已有 ${p.count} 个网格被他人修改，请刷新后重试`,
    neighbour_changed_since_loaded: () => '编辑器加载后，相邻网格已被他人修改，请刷新后重试',
    line_does_not_cross_grid: (p: { code: string }) => `分割线没有穿过网格 ${p.code}：请从网格的一条边画到另一条边`,
    split_piece_too_small: (p: { areaSquareMetres: number; minimumSquareMetres: number }) =>
      `分割后有一块仅 ${p.areaSquareMetres} 平方米，小于网格最小面积 ${p.minimumSquareMetres} 平方米`,
    grids_not_adjacent: (p: { codes: string }) => `网格 ${p.codes} 并不都相邻，只能合并相邻的网格`,
    outline_outside_community: (p: { areaSquareMetres: number }) => `新边界超出社区范围 ${p.areaSquareMetres} 平方米；社区边界需另行调整`,
    receiver_required: () => '新边界让出了部分区域，请指定接收该区域的相邻网格',
    receiver_not_adjacent: (p: { code: string }) => `网格 ${p.code} 与让出的区域不相邻，不能接收`,
    outline_covers_grid: (p: { code: string }) => `新边界覆盖了整个网格 ${p.code}，请改用合并`,
    grid_not_in_community: (p: { code: string; communityId: number }) => `网格 ${p.code} 不属于社区 ${p.communityId}`,
    fill_covers_nothing: () => '所画范围内没有未划入网格的社区区域',
    block_not_in_grid: (p: { block: string; code: string }) => `地块 ${p.block} 不在网格 ${p.code} 内`,
    block_not_adjacent: (p: { block: string; code: string }) => `地块 ${p.block} 与网格 ${p.code} 不相邻`,
    block_is_whole_grid: (p: { block: string; code: string }) => `地块 ${p.block} 就是网格 ${p.code} 的全部，请改用合并`,
    edit_leaves_grid_empty: (p: { grid: string | null }) => `编辑后${gridZh(p.grid)}为空`,
    edit_result_invalid: (p: { grid: string | null; problem: string }) => `编辑后${gridZh(p.grid)}的图形无效（${geometryProblemZh(p.problem)}）`,
    grid_below_minimum_area: (p: { grid: string | null; areaSquareMetres: number; minimumSquareMetres: number }) =>
      `编辑后${gridZh(p.grid)}仅 ${p.areaSquareMetres} 平方米，小于网格最小面积 ${p.minimumSquareMetres} 平方米`,
    grid_outside_community: (p: { grid: string | null; areaSquareMetres: number }) => `编辑后${gridZh(p.grid)}超出社区范围 ${p.areaSquareMetres} 平方米`,
    grids_would_overlap: (p: { code: string; otherCode: string; areaSquareMetres: number | null }) =>
      p.areaSquareMetres === null ? `网格 ${p.code} 与网格 ${p.otherCode} 会重叠` : `网格 ${p.code} 与网格 ${p.otherCode} 会重叠 ${p.areaSquareMetres} 平方米`,
    edit_leaves_gap: (p: { areaSquareMetres: number }) => `编辑后社区内会有 ${p.areaSquareMetres} 平方米不属于任何网格`,
    households_not_conserved: (p: { before: number; after: number; orphaned: number }) =>
      `住户数不守恒：编辑前 ${p.before} 户，编辑后 ${p.after} 户（${p.orphaned} 户不在任何现行网格中）`,
    grid_sequence_exhausted: (p: { code: string }) => `社区 ${p.code} 的 999 个网格序号已用完`,
    grid_has_no_current_version: (p: { gridId: number }) => `网格 ${p.gridId} 没有现行版本，无法修改`,
    undo_published_plan: (p: { editId: number }) => `编辑 ${p.editId} 是一次方案发布：请回滚该方案，而不是撤销`,
    undo_blocked: (p: { editId: number; codes: string }) => `编辑 ${p.editId} 无法撤销：网格 ${p.codes} 此后又有改动（或已撤销过）`,
    // plans
    plan_conflict: (p: { name: string; count: number }) => `方案“${p.name}”所依据的网格布局已被修改（${p.count} 个网格），请更新方案或放弃`,
    plan_status_forbids: (p: { name: string; status: string }) => `方案“${p.name}”当前为“${planStatusZh(p.status)}”，不能进行此操作`,
    plan_already_current: () => '方案已基于最新的网格布局，无需更新',
    plan_empty: (p: { name: string }) => `方案“${p.name}”没有任何改动：请先编辑再发布`,
    plan_layout_invalid: (p: { count: number }) => `方案的网格布局有 ${p.count} 处问题，不能发布（见问题列表）`,
    plan_not_published: (p: { name: string; status: string }) => `方案“${p.name}”当前为“${planStatusZh(p.status)}”，只有已发布的方案可以回滚`,
    plan_changed_communities: (p: { name: string }) => `方案“${p.name}”调整了社区边界，不能回滚，请另建方案`,
    plan_not_comparable: (p: { name: string; status: string }) => `方案“${p.name}”当前为“${planStatusZh(p.status)}”，与现行布局的对比已无意义`,
    plan_publication_failed: () => '方案未能按时发布',
    effective_before_last_change: (p: { code: string; changedAt: string }) => `生效时间须晚于网格 ${p.code} 的最近一次变更（${timeZh(p.changedAt)}）`,
    community_not_in_plan: (p: { communityId: number }) => `所编辑的网格属于社区 ${p.communityId}，不在本方案范围内`,
    nothing_to_undo: () => '方案仍是打开时的样子，没有可撤销的步骤',
    versions_not_in_plan: (p: { ids: string }) => `网格版本 ${p.ids} 不在本方案的布局中`,
    community_name_taken: (p: { name: string }) => `本街道已有名为“${p.name}”的社区`,
    community_sequence_exhausted: () => '本街道的 999 个社区编号已用完',
    community_cut_failed: () => '无法从原社区中干净地切出新社区的边界',
    // incidents: the closed loop
    invalid_transition: (p: { action: string; currentState: string }) => `案件当前为“${statusZh(p.currentState)}”，不能${actionZh(p.action)}`,
    not_assignee: (p: { action: string }) => `只有承办人可以${actionZh(p.action)}`,
    role_may_not_act: (p: { role: string; action: string }) => `${roleZh(p.role)}角色不能${actionZh(p.action)}`,
    checker_is_handler: (p: { action: string }) => `核查人不能是处置人本人（${actionZh(p.action)}）`,
    merge_into_rejected: (p: { trackingCode: string }) => `案件 ${p.trackingCode} 本身已不予立案，不能并入`,
    photos_not_uploaded: (p: { names: string }) => `照片 ${p.names} 不存在，请先上传`,
    photo_required_to_close: () => '该类别结案前须有处置结果照片',
    no_dispatch_target: () => '此处无人负责：请指定网格员、部门或调度员',
    worker_reports_patrol_only: () => '网格员只能上报巡查发现的问题',
    incidents_unprocessable: (p: { count: number }) => `上报内容有 ${p.count} 处问题，未能受理（见各字段）`,
    idempotency_key_reused: (p: { key: string }) => `幂等键 ${p.key} 已用于内容不同的上报`,
    photo_type_unsupported: () => '只接受 JPEG、PNG 或 WebP 格式的照片（按文件内容判断）',
    photo_undecodable: (p: { contentType: string }) => `无法解码该 ${p.contentType} 图片`,
    // residents
    outside_service_area: (p: { nearestCommunity: string | null }) =>
      p.nearestCommunity ? `该位置不在本辖区服务范围内（最近的社区：${p.nearestCommunity}）` : '该位置不在本辖区服务范围内',
    rating_key_wrong: () => '只有上报该问题的居民可以评价（凭提交时给出的密钥）',
    rating_case_not_closed: () => '案件结案后才能评价',
    rating_already_given: () => '该案件已经评价过了',
    // workers
    worker_has_grid: (p: { name: string; gridCode: string; gridName: string }) => `${p.name}已负责网格 ${p.gridCode} ${p.gridName}`.trim(),
    worker_inactive: (p: { name: string }) => `网格员${p.name}已停用`,
    // risks
    risk_geometry_type: (p: { type: string }) => `风险源须为点或面，不能是 ${p.type}`,
    // basemap
    pmtiles_not_configured: () => '未配置 PMTiles 底图（BASEMAP_PMTILES）',
    ...zhCnAssessmentFailures,
    ...dutiesFailuresZh,
    ...emergencyFailuresZh,
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
    ...zhCnAssessmentThings,
    ...dutiesThingsZh,
    ...emergencyThingsZh,
  },
  /** Field problems: `details.fields[i]` of an `invalid_request`. Zod's own issue codes are rendered by zod's zh-CN locale. */
  problems: {
    ...zhCNHardeningProblems,
    ...importSettingsProblemsZh,
    unknown_time_zone: () => '不是已知的 IANA 时区（如 Asia/Shanghai）',
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
    // common values
    named_twice: () => '有重复的项',
    not_a_date: () => '不是有效的日期（年-月-日）',
    not_an_instant: () => '不是有效的日期或时间（ISO 8601，如 2027-01-01 或 2027-01-01T00:00:00+08:00）',
    not_an_instant_with_zone: () => '应为带时区的 ISO 8601 时间，如 2026-05-01T08:00:00+08:00',
    out_of_range: (p: { minimum: number; maximum: number }) => `应在 ${p.minimum} 到 ${p.maximum} 之间`,
    not_after_from: () => '结束时间须晚于开始时间',
    not_after: (p: { instant: string }) => `须晚于 ${timeZh(p.instant)}`,
    in_future: () => '不能是将来的时间',
    period_too_long: (p: { maximumDays: number }) => `时间段最长 ${p.maximumDays} 天`,
    nothing_to_change: () => '请至少修改一个字段',
    text_too_long: (p: { maximum: number }) => `最多 ${p.maximum} 个字符`,
    already_used: () => '已被使用',
    not_a_positive_integer: () => '应为正整数',
    not_a_non_negative_integer: () => '应为非负整数',
    unknown_status: (p: { statuses: string }) => `未知的状态：${p.statuses}`,
    unknown_category: (p: { code: string }) => `未知的类别 ${p.code}`,
    major_category: (p: { code: string }) => `${p.code} 是大类，请选择具体的小类（如 ${p.code}99）`,
    unknown_photo: (p: { name: string }) => `照片 ${p.name} 不存在，请先上传`,
    too_many_photos: (p: { maximum: number }) => `最多 ${p.maximum} 张照片`,
    // accounts
    password_too_short: (p: { minimum: number }) => `密码至少 ${p.minimum} 个字符`,
    password_too_long: (p: { maximum: number }) => `密码最多 ${p.maximum} 个字符`,
    password_too_simple: () => '密码须包含小写字母、大写字母、数字、符号中的至少三类',
    password_contains_username: () => '密码不能包含用户名',
    password_unchanged: () => '新密码不能与当前密码相同',
    current_password_wrong: () => '当前密码不正确',
    worker_account_needs_worker: () => '网格员账号须关联网格员（workerId），其他账号不能关联',
    unknown_worker: (p: { id: number }) => `网格员 ${p.id} 不存在`,
    // geometry sent by a user (zod checks; what PostGIS finds is below)
    coordinates_not_finite: () => '坐标须为有限的数字',
    longitude_out_of_range: () => '经度须在 -180 到 180 之间',
    latitude_out_of_range: () => '纬度须在 -90 到 90 之间',
    ring_not_closed: () => '环须闭合：最后一个点与第一个点相同',
    too_many_vertices: (p: { maximum: number; count: number }) => `最多 ${p.maximum} 个顶点（当前 ${p.count} 个）`,
    geometry_unreadable: () => '无法识别该几何图形',
    geometry_empty: () => '几何图形为空',
    point_or_polygon: () => '须为点或面',
    self_intersection: () => '边界自相交',
    ring_self_intersection: () => '环自相交',
    too_few_points: () => '点数太少',
    hole_outside_shell: () => '内环位于外环之外',
    nested_holes: () => '内环相互嵌套',
    interior_disconnected: () => '内部不连通',
    nested_shells: () => '外环相互嵌套',
    duplicate_rings: () => '有重复的环',
    invalid_coordinate: () => '坐标无效',
    geometry_invalid_other: () => '几何图形无效',
    // grids and plans
    one_version_per_grid: () => '每个网格只能指定一个版本',
    same_grid_twice: () => '须为另一个网格',
    grid_of_plan_communities: () => '须为本方案所含社区的网格',
    grids_of_one_community: () => '新社区的网格须来自同一个社区',
    community_would_keep_no_grid: (p: { name: string }) => `社区${p.name}将不剩任何网格：请改名而不是新建社区`,
    unknown_communities: (p: { ids: string }) => `社区 ${p.ids} 不存在`,
    backdated_too_far: (p: { maximumDays: number }) => `最多可追溯 ${p.maximumDays} 天（策略 plan_backdate_max_days）`,
    nothing_to_import: () => '没有可导入的网格',
    too_many_grids: (p: { maximum: number }) => `每个社区最多 ${p.maximum} 个网格`,
    grid_outside_community: (p: { name: string; community: string }) => `网格 ${p.name} 不在社区 ${p.community} 范围内`,
    // incidents
    note_required: (p: { action: string }) => `${actionZh(p.action)}须填写说明（原因）`,
    major_class_has_no_deadline: () => '大类没有处置时限：请在其小类上设置',
    result_photo_required: () => '该类别的处置反馈须附照片',
    no_active_worker: (p: { id: number }) => `没有在岗的网格员 ${p.id}`,
    not_a_dispatcher: (p: { id: number }) => `用户 ${p.id} 不是在岗的调度员`,
    duplicate_of_itself: () => '案件不能与自身重复',
    unknown_incident: (p: { id: number }) => `案件 ${p.id} 不存在`,
    patrol_source_only: () => '网格员只能上报巡查发现（来源为 patrol）',
    outside_every_community: () => '该位置不在任何社区内',
    outside_own_community: () => '网格员只能在本社区内上报',
    reused_with_different_body: () => '该幂等键已用于内容不同的上报',
    photo_field_missing: () => '请以名为 photo 的文件字段上传图片',
    photo_empty: () => '照片为空',
    // residents
    description_required: () => '请描述问题',
    outside_service_area: () => '不在本辖区服务范围内',
    // calendar
    ends_before_start: () => '结束时间须晚于开始时间',
    periods_overlap: (p: { weekday: number }) => `星期${weekdayZh(p.weekday)}的工作时段有重叠`,
    // open data (Open311, OGC API)
    not_a_w3c_datetime: () => '应为带时区的 W3C 日期时间，如 2026-06-01T00:00:00+08:00',
    open_or_closed: () => '应为 open 或 closed',
    after_end_date: () => '开始日期晚于结束日期',
    not_wgs84_degrees: () => '经纬度须为 WGS84 十进制度数',
    lat_and_long_together: () => '经度和纬度须同时提供',
    location_required: () => '请提供位置：经纬度或地址（address_string）',
    address_not_found: (p: { address: string }) => `没有与“${p.address}”匹配的楼栋，请提供经纬度`,
    unknown_parameter: (p: { known: string }) => `不认识的参数；可用：${p.known}`,
    only_crs84: () => '只支持 CRS84（http://www.opengis.net/def/crs/OGC/1.3/CRS84）',
    ogc_bbox_format: () => 'bbox 应为四个数：最小经度,最小纬度,最大经度,最大纬度',
    ogc_bbox_range: () => 'bbox 超出 -180..180 / -90..90，或纬度颠倒',
    not_an_rfc3339_interval: () => '应为 RFC 3339 时间（如 2026-05-01T00:00:00Z）或时间段（a/b、../b、a/..）',
    interval_reversed: () => '时间段的结束早于开始',
    // basemap
    unknown_basemap_layer: (p: { layers: string }) => `应为以下之一：${p.layers}`,
    ...zhCnAssessmentProblems,
    // stream
    ...dutiesProblemsZh,
    ...emergencyProblemsZh,
  },
  /** The planner's sizing-rule warnings (BRIEF): never refusals. */
  warnings: {
    grid_households_below_target: (p: { name: string; households: number; minimum: number; maximum: number }) =>
      `${p.name}仅有${p.households}户，低于${p.minimum}–${p.maximum}户的网格标准，可考虑与相邻网格合并`,
    grid_households_above_target: (p: { name: string; households: number; minimum: number; maximum: number }) =>
      `${p.name}有${p.households}户，超过${p.minimum}–${p.maximum}户的网格标准，可考虑拆分`,
    grid_vacant: (p: { name: string }) => `${p.name}尚未配备网格员（一格一员）`,
    grid_in_several_parts: (p: { name: string; parts: number }) => `${p.name}由${p.parts}块不相连的区域组成`,
    community_households_above_maximum: (p: { name: string; households: number; maximum: number }) =>
      `${p.name}共${p.households}户，超过社区${p.maximum}户的上限，宜拆分社区`,
    station_staff_required: (p: { name: string; residents: number; staff: number; hasMarket: boolean; extraLow: number; extraHigh: number }) =>
      `${p.name}常住人口${p.residents}人，城管工作站应配备不少于${p.staff}人` +
      (p.hasMarket ? `；辖区有农贸市场或摊贩集中点，另增配${p.extraLow}–${p.extraHigh}人` : ''),

    ...dutiesWarningsZh,
  },
  /** Row problems of an import's validation report (server/import/territory-fit.ts, server/incidents/import-historic-incidents.ts). */
  importProblems: {
    ...importProblemsZh,
  },
  /** What makes a plan's layout unpublishable (listed while viewing, fatal when publishing). */
  layoutProblems: {
    overlap: (p: { code: string; otherCode: string; areaSquareMetres: number }) => `网格 ${p.code} 与网格 ${p.otherCode} 重叠 ${p.areaSquareMetres} 平方米`,
    gap: (p: { name: string; code: string; areaSquareMetres: number; toleranceSquareMetres: number }) =>
      `社区${p.name}（${p.code}）有 ${p.areaSquareMetres} 平方米不属于任何网格（容差 ${p.toleranceSquareMetres} 平方米）`,
    households_orphaned: (p: { households: number }) => `${p.households} 户将不在任何现行网格中`,
    community_without_grids: (p: { name: string; code: string }) => `社区${p.name}（${p.code}）将没有任何网格`,
  },
  /** Texts the system stores as code + params and renders when they are read: timeline notes, notifications. */
  notes: {
    ...populationNotesZh,
    ...importNotesZh,
    incident_overdue: (p: { trackingCode: string }) => `案件 ${p.trackingCode} 已超期`,
    overdue_escalated: (p: { dueAt?: string }) => (p.dueAt ? `自 ${timeZh(p.dueAt)} 起超过处置时限，超期督办` : '已超过处置时限，超期督办'),
    routed_to_department: (p: { department: string }) => `自动派遣至部门 ${p.department}`,
    routed_to_worker: (_p: { gridId: number | null }) => '自动派遣至本网格网格员',
    routed_to_duty_dispatcher: (_p: { gridId: number | null }) => '网格空缺，已派至社区值班调度员',
    routing_failed: (_p: { gridId: number | null }) => '网格空缺且无值班调度员，待人工派遣',
    merged_into: (p: { trackingCode: string }) => `重复案件，并入 ${p.trackingCode}`,
    duplicate_merged: (p: { trackingCode: string }) => `已并入重复案件 ${p.trackingCode}`,
  },
  /** Why a grid assignment ended (grid_assignments.end_code + end_params). */
  assignmentEnds: {
    moved: (p: { gridCode: string }) => `调至网格 ${p.gridCode}`,
    replaced: (p: { workerName: string }) => `由 ${p.workerName} 接替`,
    vacated: () => '撤岗，网格空缺',
    grid_ceased: (p: { operation: string }) => `网格因${gridOperationZh(p.operation)}撤销`,
    grid_ceased_in_plan: (p: { planId: number }) => `网格在规划方案 ${p.planId} 发布时撤销`,
    other: () => '任职结束',
  },
  /** Why a scheduled plan was not published (plans.status_reason holds the code). */
  planStatusReasons: {
    plan_conflict: () => '发布时网格布局已被修改，方案需要更新',
    plan_layout_invalid: () => '发布时方案的网格布局有问题',
    plan_status_forbids: () => '发布时方案状态不允许发布',
    plan_publication_failed: () => '方案未能按时发布',
  },
  /** The import wizard's validation report: row problems and the CRS question (server/messages/zh-cn-import.ts). */
  importReport: importReportZh,
} as const;

export function formatBytesZh(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} 字节`;
}

function gridOperationZh(operation: string): string {
  const labels: Record<string, string> = {
    split: '拆分', merge: '合并', reshape: '调整边界', fill: '补缺', 'move-block': '调整地块', 'move_block': '调整地块',
    publish: '方案发布', undo: '撤销操作', import: '导入',
  };
  return labels[operation] ?? '边界调整';
}

function thingZh(what: string): string {
  const things = zhCN.things as Record<string, (() => string) | undefined>;
  return things[what]?.() ?? what;
}

/** An instant as the zone's people read it, in the zone's time (server/time/zone.ts). */
function timeZh(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Intl.DateTimeFormat('zh-CN', { timeZone: zoneTimeZoneForMessages(), dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(instant);
}

const roleNamesZh: Record<string, string> = { admin: '管理员', planner: '规划', dispatcher: '指挥中心调度', worker: '网格员', auditor: '审计', leader: '考核领导', anonymous: '未登录' };
const roleZh = (role: string) => roleNamesZh[role] ?? role;

const statusNamesZh: Record<string, string> = {
  reported: '已上报', registered: '已立案', rejected: '不予立案', dispatched: '已派遣', handling: '处置中', handled: '已反馈',
  checked: '已核查', closed: '已结案', rework: '返工', backlog: '挂账',
};
const statusZh = (status: string) => statusNamesZh[status] ?? status;

const actionNamesZh: Record<string, string> = {
  register: '立案', reject: '不予立案', merge: '合并重复案件', dispatch: '派遣', accept: '签收', start: '开始处置', handle: '反馈处置结果',
  pass_check: '核查通过', fail_check: '核查不通过（返工）', close: '结案', backlog: '挂账',
};
const actionZh = (action: string) => actionNamesZh[action] ?? action;

const planStatusNamesZh: Record<string, string> = { draft: '草稿', scheduled: '待发布', published: '已发布', discarded: '已放弃', conflicted: '有冲突' };
const planStatusZh = (status: string) => planStatusNamesZh[status] ?? status;

const gridZh = (grid: string | null) => (grid === null ? '新网格' : `网格 ${grid} `);

function geometryProblemZh(problem: string): string {
  const problems = zhCN.problems as Record<string, ((params: never) => string) | undefined>;
  return problems[problem]?.({} as never) ?? problem;
}

const weekdayZh = (weekday: number) => ['一', '二', '三', '四', '五', '六', '日'][weekday - 1] ?? String(weekday);

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
