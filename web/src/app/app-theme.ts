import type { ThemeConfig } from 'antd';

/** A calm, dense government-dashboard look: one blue, small radii, 13 px text. */
export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: '#1d5fa6',
    colorInfo: '#1d5fa6',
    borderRadius: 6,
    fontSize: 13,
    fontFamily: "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif",
    colorText: '#1f2a37',
    colorTextSecondary: '#5b6675',
    colorBorderSecondary: '#e6e9ee',
  },
  components: {
    Table: { cellPaddingBlockSM: 5, cellPaddingInlineSM: 6, headerBg: '#f5f7fa' },
    Segmented: { itemSelectedBg: '#ffffff' },
  },
};
