/** Strings shown across views (map attribution, who acted on a case, time phrases): English. */
export const enDisplay = {
  demoAttribution: '© GridAtlas · synthetic demo data',
};
