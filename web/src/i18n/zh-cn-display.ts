/** Strings shown across views (map attribution, who acted on a case, time phrases): zh-CN. */
export const zhCnDisplay = {
  demoAttribution: '© GridAtlas 网格图 · 演示数据（虚构）',
};
