import type { DeadlineUnit } from './working-time.ts';

/**
 * The incident and component classes the demo draws from, with how often each happens and where
 * and when. Codes, names, deadlines and departments mirror migration
 * 0002_incident_categories.sql (a test keeps the two in step); the rest is demo-only: relative
 * frequency, the kind of place it happens, the hours and months it clusters in.
 */
export type Hotspot =
  | 'homes' // residential complexes and villages
  | 'market'
  | 'school'
  | 'shops'
  | 'construction'
  | 'roads' // along any town road
  | 'park'
  | 'village'
  | 'farmland'
  | 'flood' // flood-prone spots
  | 'industrial';

export type DailyRhythm = 'office' | 'rush-hours' | 'commute' | 'evening' | 'night-works' | 'all-day' | 'daylight';

export interface CategoryPattern {
  code: string;
  nameZh: string;
  nameEn: string;
  deadlineAmount: number;
  deadlineUnit: DeadlineUnit;
  department: string | null;
  /** Relative number of reports a year. */
  frequency: number;
  hotspots: [Hotspot, number][];
  rhythm: DailyRhythm;
  /** Multipliers by month 1–12; missing months count 1. */
  season?: Partial<Record<number, number>>;
  /** Cases that tend to end in the backlog (挂账): enforcement against structures, vehicles. */
  backlogProne?: boolean;
  /** Share of reports that come from sensors (manhole, water level, light monitoring). */
  sensorShare?: number;
  /** Description templates; {place} is replaced by the address. */
  descriptions: string[];
}

export interface MajorCategory {
  code: string;
  kind: 'incident' | 'component';
  nameZh: string;
  nameEn: string;
}

export const majorCategories: MajorCategory[] = [
  { code: '01', kind: 'incident', nameZh: '市容环境', nameEn: 'City appearance' },
  { code: '02', kind: 'incident', nameZh: '宣传广告', nameEn: 'Advertising' },
  { code: '03', kind: 'incident', nameZh: '施工管理', nameEn: 'Construction' },
  { code: '04', kind: 'incident', nameZh: '街面秩序', nameEn: 'Street order' },
  { code: '05', kind: 'incident', nameZh: '突发事件', nameEn: 'Emergencies' },
  { code: '06', kind: 'component', nameZh: '部件', nameEn: 'Damaged components' },
];

const drySeason = { 11: 1.5, 12: 1.6, 1: 1.6, 2: 1.5, 3: 1.6, 4: 1.3, 7: 0.6, 8: 0.6 };

export const categoryPatterns: CategoryPattern[] = [
  { code: '0101', nameZh: '违法建设', nameEn: 'Illegal structure', deadlineAmount: 5, deadlineUnit: 'working_days', department: null, frequency: 3, hotspots: [['homes', 3], ['village', 3], ['shops', 1]], rhythm: 'office', backlogProne: true,
    descriptions: ['{place}有住户私自搭建彩钢棚', '{place}楼顶违规加盖房屋', '{place}一楼住户私自圈占公共绿地搭建围墙', '{place}沿街商户违规搭建雨棚'] },
  { code: '0102', nameZh: '暴露垃圾', nameEn: 'Exposed garbage', deadlineAmount: 2, deadlineUnit: 'working_hours', department: null, frequency: 12, hotspots: [['homes', 4], ['market', 3], ['village', 1.5], ['shops', 1.5]], rhythm: 'daylight', season: { 2: 1.3, 7: 1.2, 8: 1.2 },
    descriptions: ['{place}垃圾桶满溢，周边散落生活垃圾', '{place}路边有成堆生活垃圾未清运', '{place}有装修垃圾随意堆放', '{place}绿化带内有暴露垃圾'] },
  { code: '0103', nameZh: '道路不洁', nameEn: 'Dirty road', deadlineAmount: 4, deadlineUnit: 'working_hours', department: null, frequency: 6, hotspots: [['roads', 3], ['construction', 2], ['market', 2]], rhythm: 'daylight',
    descriptions: ['{place}路面有大面积泥土污染', '{place}路面油污未清理', '{place}人行道积存落叶杂物'] },
  { code: '0104', nameZh: '废弃车辆', nameEn: 'Abandoned vehicle', deadlineAmount: 3, deadlineUnit: 'working_days', department: null, frequency: 2, hotspots: [['homes', 3], ['roads', 1]], rhythm: 'office', backlogProne: true,
    descriptions: ['{place}有一辆僵尸车长期停放，车身积灰', '{place}有废弃电动车堆放', '{place}路边停放无牌报废车辆'] },
  { code: '0105', nameZh: '乱堆物堆料', nameEn: 'Piled materials', deadlineAmount: 1, deadlineUnit: 'working_days', department: null, frequency: 4, hotspots: [['homes', 2], ['shops', 2], ['village', 1]], rhythm: 'daylight',
    descriptions: ['{place}楼道内堆放杂物，影响通行', '{place}人行道上堆放建材', '{place}商户在门前堆放货物'] },
  { code: '0106', nameZh: '焚烧垃圾树叶秸秆', nameEn: 'Open burning', deadlineAmount: 2, deadlineUnit: 'working_hours', department: null, frequency: 1.5, hotspots: [['farmland', 4], ['village', 3]], rhythm: 'daylight', season: { 6: 2.5, 10: 3, 11: 2.5, 1: 1.5, 7: 0.3, 8: 0.3 },
    descriptions: ['{place}有人焚烧秸秆，浓烟较大', '{place}有人露天焚烧垃圾', '{place}田埂边焚烧枯草树叶'] },
  { code: '0199', nameZh: '其他市容环境问题', nameEn: 'Other city appearance issue', deadlineAmount: 2, deadlineUnit: 'working_days', department: null, frequency: 1, hotspots: [['homes', 1], ['roads', 1]], rhythm: 'office',
    descriptions: ['{place}晾晒衣物影响市容', '{place}公共区域有异味', '{place}市容环境问题，需现场核实'] },

  { code: '0201', nameZh: '非法小广告', nameEn: 'Illegal small ads', deadlineAmount: 4, deadlineUnit: 'working_hours', department: null, frequency: 8, hotspots: [['homes', 4], ['roads', 1.5], ['shops', 1]], rhythm: 'daylight',
    descriptions: ['{place}楼道墙面张贴大量开锁、疏通小广告', '{place}电线杆上有非法小广告', '{place}单元门口喷涂办证小广告'] },
  { code: '0202', nameZh: '违规张贴横幅标语', nameEn: 'Unauthorised banners or posters', deadlineAmount: 1, deadlineUnit: 'working_days', department: null, frequency: 2, hotspots: [['shops', 3], ['roads', 1]], rhythm: 'office',
    descriptions: ['{place}商户私自悬挂促销横幅', '{place}行道树上悬挂宣传条幅'] },
  { code: '0203', nameZh: '乱涂写乱刻画', nameEn: 'Graffiti', deadlineAmount: 1, deadlineUnit: 'working_days', department: null, frequency: 1.5, hotspots: [['homes', 2], ['school', 1], ['roads', 1]], rhythm: 'daylight',
    descriptions: ['{place}墙面被乱涂乱画', '{place}公交站亭有涂鸦'] },
  { code: '0204', nameZh: '未经审批设置户外广告招牌', nameEn: 'Unapproved signboard', deadlineAmount: 3, deadlineUnit: 'working_days', department: null, frequency: 2, hotspots: [['shops', 4], ['market', 1]], rhythm: 'office',
    descriptions: ['{place}新开店铺未经审批设置门头招牌', '{place}商户在人行道上摆放落地广告牌', '{place}招牌破损存在坠落隐患'] },
  { code: '0299', nameZh: '其他宣传广告问题', nameEn: 'Other advertising issue', deadlineAmount: 2, deadlineUnit: 'working_days', department: null, frequency: 0.8, hotspots: [['shops', 1], ['roads', 1]], rhythm: 'office',
    descriptions: ['{place}流动广告车违规宣传', '{place}发放传单影响通行'] },

  { code: '0301', nameZh: '施工噪声扰民', nameEn: 'Construction noise', deadlineAmount: 2, deadlineUnit: 'working_hours', department: null, frequency: 3, hotspots: [['construction', 5], ['homes', 1]], rhythm: 'night-works',
    descriptions: ['{place}工地夜间施工噪声扰民', '{place}夜间混凝土浇筑噪声大，居民投诉', '{place}装修噪声扰民'] },
  { code: '0302', nameZh: '施工扬尘', nameEn: 'Construction dust', deadlineAmount: 4, deadlineUnit: 'working_hours', department: null, frequency: 4, hotspots: [['construction', 6], ['roads', 1]], rhythm: 'daylight', season: drySeason, sensorShare: 0.2,
    descriptions: ['{place}工地裸土未覆盖，扬尘严重', '{place}工地未开启喷淋降尘', '{place}工地出入口车辆未冲洗带泥上路'] },
  { code: '0303', nameZh: '施工占道', nameEn: 'Road occupation by works', deadlineAmount: 1, deadlineUnit: 'working_days', department: null, frequency: 2, hotspots: [['construction', 3], ['roads', 2]], rhythm: 'office',
    descriptions: ['{place}施工围挡超出审批范围占用车道', '{place}施工材料占用人行道'] },
  { code: '0304', nameZh: '无证掘路', nameEn: 'Digging without permit', deadlineAmount: 4, deadlineUnit: 'working_hours', department: null, frequency: 1, hotspots: [['roads', 3], ['homes', 1]], rhythm: 'office',
    descriptions: ['{place}有单位擅自开挖路面', '{place}人行道被开挖未设置警示'] },
  { code: '0305', nameZh: '渣土车抛洒滴漏', nameEn: 'Muck truck spillage', deadlineAmount: 2, deadlineUnit: 'working_hours', department: null, frequency: 2, hotspots: [['roads', 3], ['construction', 2]], rhythm: 'night-works', season: drySeason,
    descriptions: ['{place}渣土车抛洒，路面有大量渣土', '{place}运输车辆未密闭，沿途洒落'] },
  { code: '0399', nameZh: '其他施工管理问题', nameEn: 'Other construction issue', deadlineAmount: 2, deadlineUnit: 'working_days', department: null, frequency: 0.7, hotspots: [['construction', 2]], rhythm: 'office',
    descriptions: ['{place}工地围挡破损', '{place}工地安全警示标志缺失'] },

  { code: '0401', nameZh: '无照流动摊贩', nameEn: 'Unlicensed mobile vendor', deadlineAmount: 1, deadlineUnit: 'working_hours', department: null, frequency: 10, hotspots: [['market', 5], ['school', 4], ['shops', 1.5]], rhythm: 'rush-hours', season: { 6: 1.2, 7: 1.3, 8: 1.2, 1: 1.3 },
    descriptions: ['{place}有流动摊贩占道经营水果', '{place}学校门口有流动早餐摊点', '{place}有三轮车占道售卖蔬菜', '{place}放学时段流动摊贩聚集'] },
  { code: '0402', nameZh: '店外经营', nameEn: 'Business outside the shopfront', deadlineAmount: 2, deadlineUnit: 'working_hours', department: null, frequency: 7, hotspots: [['shops', 5], ['market', 3]], rhythm: 'daylight',
    descriptions: ['{place}商户出店经营，占用人行道', '{place}餐馆在门外摆放桌椅', '{place}五金店在门前摆放货物'] },
  { code: '0403', nameZh: '机动车乱停放', nameEn: 'Illegal parking', deadlineAmount: 1, deadlineUnit: 'working_hours', department: null, frequency: 9, hotspots: [['shops', 5], ['market', 2], ['school', 2], ['roads', 1]], rhythm: 'commute',
    descriptions: ['{place}机动车占用人行道停放', '{place}车辆违停堵塞消防通道', '{place}路口机动车乱停放影响通行'] },
  { code: '0404', nameZh: '非机动车乱停放', nameEn: 'Bicycles and e-bikes parked on the pavement', deadlineAmount: 2, deadlineUnit: 'working_hours', department: null, frequency: 5, hotspots: [['shops', 3], ['school', 2], ['market', 2]], rhythm: 'commute',
    descriptions: ['{place}共享单车大量堆积占用人行道', '{place}电动车乱停放堵塞盲道'] },
  { code: '0405', nameZh: '露天烧烤', nameEn: 'Open-air barbecue', deadlineAmount: 1, deadlineUnit: 'working_hours', department: null, frequency: 3, hotspots: [['shops', 4], ['homes', 1], ['market', 1]], rhythm: 'evening', season: { 5: 1.6, 6: 2.4, 7: 3, 8: 3, 9: 2, 12: 0.3, 1: 0.2, 2: 0.3 },
    descriptions: ['{place}夜间露天烧烤油烟扰民', '{place}烧烤摊占道经营至深夜'] },
  { code: '0499', nameZh: '其他街面秩序问题', nameEn: 'Other street order issue', deadlineAmount: 1, deadlineUnit: 'working_days', department: null, frequency: 1, hotspots: [['shops', 1], ['roads', 1]], rhythm: 'daylight',
    descriptions: ['{place}占道洗车', '{place}沿街晾晒影响市容秩序'] },

  { code: '0501', nameZh: '道路塌陷', nameEn: 'Road collapse', deadlineAmount: 2, deadlineUnit: 'working_hours', department: '市政工程管理处', frequency: 0.3, hotspots: [['roads', 4]], rhythm: 'all-day', season: { 6: 2.5, 7: 3, 8: 2 },
    descriptions: ['{place}路面出现塌陷坑洞', '{place}人行道局部下沉开裂'] },
  { code: '0502', nameZh: '供水管道爆裂', nameEn: 'Water main burst', deadlineAmount: 2, deadlineUnit: 'working_hours', department: '供水公司', frequency: 0.5, hotspots: [['roads', 2], ['homes', 2]], rhythm: 'all-day', season: { 12: 2.5, 1: 3.5, 2: 2.5 },
    descriptions: ['{place}自来水管爆裂，路面大量冒水', '{place}地下供水管道漏水'] },
  { code: '0503', nameZh: '燃气泄漏', nameEn: 'Gas leak', deadlineAmount: 1, deadlineUnit: 'working_hours', department: '燃气公司', frequency: 0.3, hotspots: [['homes', 3], ['shops', 2]], rhythm: 'all-day', season: { 11: 1.5, 12: 2, 1: 2, 2: 1.5 },
    descriptions: ['{place}闻到明显燃气味，疑似泄漏', '{place}餐馆液化气瓶阀门漏气'] },
  { code: '0504', nameZh: '道路积水', nameEn: 'Waterlogging', deadlineAmount: 2, deadlineUnit: 'working_hours', department: '排水管理所', frequency: 1.5, hotspots: [['flood', 6], ['roads', 2]], rhythm: 'all-day', sensorShare: 0.3,
    descriptions: ['{place}暴雨后路面积水严重，车辆无法通行', '{place}下穿通道积水', '{place}雨水篦子堵塞导致积水'] },
  { code: '0505', nameZh: '火灾隐患', nameEn: 'Fire hazard', deadlineAmount: 2, deadlineUnit: 'working_hours', department: null, frequency: 1.2, hotspots: [['homes', 4], ['shops', 1], ['village', 1]], rhythm: 'evening', season: { 12: 1.4, 1: 1.5, 2: 1.3 },
    descriptions: ['{place}楼道内电动车充电，存在火灾隐患', '{place}飞线充电', '{place}消防通道被杂物堵塞'] },
  // the risk register's kinds of event (migration 0019): rare, and on the 24/7 clock in the live system
  { code: '0506', nameZh: '火灾', nameEn: 'Fire', deadlineAmount: 1, deadlineUnit: 'working_hours', department: '消防救援站', frequency: 0.08, hotspots: [['homes', 3], ['shops', 1], ['market', 1]], rhythm: 'evening', season: { 12: 1.5, 1: 1.5, 2: 1.3 },
    descriptions: ['{place}居民家中起火冒烟', '{place}电动车充电起火'] },
  { code: '0507', nameZh: '危险化学品泄漏', nameEn: 'Hazardous chemical leak', deadlineAmount: 1, deadlineUnit: 'working_hours', department: '应急管理所', frequency: 0.03, hotspots: [['industrial', 3]], rhythm: 'office',
    descriptions: ['{place}化学品仓库有刺激性气味', '{place}桶装溶剂泄漏'] },
  { code: '0508', nameZh: '房屋险情', nameEn: 'Building in danger', deadlineAmount: 1, deadlineUnit: 'working_hours', department: '房屋安全管理所', frequency: 0.05, hotspots: [['village', 2], ['homes', 1]], rhythm: 'all-day', season: { 6: 1.5, 7: 1.8, 8: 1.5 },
    descriptions: ['{place}老房墙体开裂', '{place}阳台外墙有掉落危险'] },
  { code: '0509', nameZh: '施工安全事故', nameEn: 'Construction site accident', deadlineAmount: 1, deadlineUnit: 'working_hours', department: '建设工程安全监督站', frequency: 0.04, hotspots: [['construction', 4]], rhythm: 'daylight',
    descriptions: ['{place}工地脚手架倒塌', '{place}基坑边坡塌方'] },
  { code: '0599', nameZh: '其他突发事件', nameEn: 'Other emergency', deadlineAmount: 4, deadlineUnit: 'working_hours', department: null, frequency: 0.4, hotspots: [['roads', 1], ['homes', 1]], rhythm: 'all-day',
    descriptions: ['{place}大风吹倒行道树', '{place}广告牌被风吹落', '{place}突发情况，需现场处置'] },

  { code: '0601', nameZh: '井盖破损缺失', nameEn: 'Manhole cover damaged or missing', deadlineAmount: 4, deadlineUnit: 'working_hours', department: '市政工程管理处', frequency: 3, hotspots: [['roads', 4], ['homes', 1]], rhythm: 'daylight', sensorShare: 0.25,
    descriptions: ['{place}井盖破损', '{place}井盖缺失，存在安全隐患', '{place}井盖松动，车辆经过有异响'] },
  { code: '0602', nameZh: '路灯损坏', nameEn: 'Street light out', deadlineAmount: 2, deadlineUnit: 'working_days', department: '路灯所', frequency: 4, hotspots: [['roads', 5], ['homes', 1]], rhythm: 'evening', season: { 11: 1.4, 12: 1.5, 1: 1.5, 2: 1.3, 6: 0.7, 7: 0.7 }, sensorShare: 0.2,
    descriptions: ['{place}路灯不亮', '{place}连续多盏路灯夜间不亮', '{place}路灯灯杆倾斜'] },
  { code: '0603', nameZh: '绿化损坏', nameEn: 'Damaged greenery', deadlineAmount: 3, deadlineUnit: 'working_days', department: '园林绿化所', frequency: 2, hotspots: [['park', 3], ['roads', 2], ['homes', 1]], rhythm: 'daylight', season: { 4: 1.3, 5: 1.3, 7: 1.4 },
    descriptions: ['{place}绿化带被踩踏毁坏', '{place}行道树倒伏', '{place}居民在绿地种菜'] },
  { code: '0604', nameZh: '环卫设施损坏', nameEn: 'Damaged sanitation facility', deadlineAmount: 1, deadlineUnit: 'working_days', department: '环卫所', frequency: 2.5, hotspots: [['homes', 2], ['market', 2], ['roads', 1]], rhythm: 'daylight',
    descriptions: ['{place}垃圾桶破损', '{place}公共厕所设施损坏', '{place}果皮箱缺失'] },
  { code: '0605', nameZh: '交通设施损坏', nameEn: 'Damaged traffic sign or guardrail', deadlineAmount: 2, deadlineUnit: 'working_days', department: '交通设施管理所', frequency: 1.5, hotspots: [['roads', 4]], rhythm: 'daylight',
    descriptions: ['{place}交通护栏被撞损坏', '{place}交通标志牌歪斜', '{place}隔离桩缺失'] },
  { code: '0606', nameZh: '消防栓损坏', nameEn: 'Damaged fire hydrant', deadlineAmount: 1, deadlineUnit: 'working_days', department: '供水公司', frequency: 0.5, hotspots: [['roads', 2], ['homes', 1]], rhythm: 'daylight',
    descriptions: ['{place}消防栓被撞漏水', '{place}消防栓缺少栓帽'] },
  { code: '0699', nameZh: '其他部件问题', nameEn: 'Other component issue', deadlineAmount: 3, deadlineUnit: 'working_days', department: null, frequency: 0.8, hotspots: [['roads', 1], ['homes', 1]], rhythm: 'daylight',
    descriptions: ['{place}公共座椅损坏', '{place}公交站亭破损', '{place}健身器材损坏'] },
];
