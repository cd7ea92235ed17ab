/**
 * The resident-facing list: a dozen plain words, each mapped to one minor class of the category
 * tree (migration 0002), so a resident never has to know "0403 机动车乱停放". The dispatcher can
 * re-classify at registration. Open311 publishes the full tree instead (server/open311).
 */
export interface ResidentCategory {
  code: string;
  categoryCode: string;
  nameZh: string;
  nameEn: string;
}

export const residentCategories: readonly ResidentCategory[] = [
  { code: 'garbage', categoryCode: '0102', nameZh: '垃圾堆放', nameEn: 'Garbage left out' },
  { code: 'dirty_road', categoryCode: '0103', nameZh: '道路脏乱', nameEn: 'Dirty road' },
  { code: 'car_parking', categoryCode: '0403', nameZh: '乱停车', nameEn: 'Illegal car parking' },
  { code: 'bike_parking', categoryCode: '0404', nameZh: '电动车、自行车乱停', nameEn: 'Bikes and e-bikes blocking the pavement' },
  { code: 'vendor', categoryCode: '0401', nameZh: '占道摆摊', nameEn: 'Street vendor blocking the way' },
  { code: 'noise', categoryCode: '0301', nameZh: '施工噪音', nameEn: 'Construction noise' },
  { code: 'small_ads', categoryCode: '0201', nameZh: '小广告', nameEn: 'Illegal small ads' },
  { code: 'manhole', categoryCode: '0601', nameZh: '井盖破损', nameEn: 'Broken or missing manhole cover' },
  { code: 'street_light', categoryCode: '0602', nameZh: '路灯不亮', nameEn: 'Street light out' },
  { code: 'greenery', categoryCode: '0603', nameZh: '绿化损坏', nameEn: 'Damaged greenery' },
  { code: 'waterlogging', categoryCode: '0504', nameZh: '道路积水', nameEn: 'Waterlogging' },
  { code: 'other', categoryCode: '0199', nameZh: '其他问题', nameEn: 'Something else' },
];

export function residentCategoryByCode(code: string): ResidentCategory | undefined {
  return residentCategories.find((category) => category.code === code);
}

/** The resident word for a case's minor class, or null (e.g. a case a worker reported as 0105). */
export function residentCategoryOf(categoryCode: string): ResidentCategory | undefined {
  return residentCategories.find((category) => category.categoryCode === categoryCode);
}
