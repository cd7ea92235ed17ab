import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zhCn } from './zh-cn.ts';
import { enCases } from './en-cases.ts';
import { zhCnCases } from './zh-cn-cases.ts';
import { enCommand } from './en-command.ts';
import { zhCnCommand } from './zh-cn-command.ts';
import { enPlanner } from './en-planner.ts';
import { zhCnPlanner } from './zh-cn-planner.ts';
import { enImport } from './en-import.ts';
import { zhCnImport } from './zh-cn-import.ts';
import { enPlans } from './en-plans.ts';
import { zhCnPlans } from './zh-cn-plans.ts';
import { enAssignment } from './en-assignment.ts';
import { zhCnAssignment } from './zh-cn-assignment.ts';
import { enApiKeys, enResident } from './en-resident.ts';
import { zhCnApiKeys, zhCnResident } from './zh-cn-resident.ts';
import { enDisplay } from './en-display.ts';
import { zhCnDisplay } from './zh-cn-display.ts';
import { enAssessment } from './en-assessment.ts';
import { zhCnAssessment } from './zh-cn-assessment.ts';
import { enDuties } from './en-duties.ts';
import { zhCnDuties } from './zh-cn-duties.ts';
import { enEmergency } from './en-emergency.ts';
import { zhCnEmergency } from './zh-cn-emergency.ts';
import { enPopulation } from './en-population.ts';
import { zhCnPopulation } from './zh-cn-population.ts';

/** Each area's strings under its own key, one line each (areas are added independently). */
const zhCnSections = {
  command: zhCnCommand,
  planner: zhCnPlanner,
  plans: zhCnPlans,
  assignment: zhCnAssignment,
  resident: zhCnResident,
  apiKeys: zhCnApiKeys,
  import: zhCnImport,
  display: zhCnDisplay,
  assessment: zhCnAssessment,
  duties: zhCnDuties,
  emergency: zhCnEmergency,
  population: zhCnPopulation,
};
const enSections: typeof zhCnSections = {
  command: enCommand,
  planner: enPlanner,
  plans: enPlans,
  assignment: enAssignment,
  resident: enResident,
  apiKeys: enApiKeys,
  import: enImport,
  display: enDisplay,
  assessment: enAssessment,
  duties: enDuties,
  emergency: enEmergency,
  population: enPopulation,
};

export type Language = 'zh-CN' | 'en';
const storageKey = 'gridatlas.language';

/** Chinese unless the user chose English before; the choice survives reloads. */
function rememberedLanguage(): Language {
  try {
    return window.localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function rememberLanguage(language: Language): void {
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // private mode without storage: the choice lasts for this page only
  }
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

export const initialLanguage = rememberedLanguage();
// (no document when unit tests read the catalogues in Node)
if (typeof document !== 'undefined') document.documentElement.lang = initialLanguage;

void i18next.use(initReactI18next).init({
  resources: {
    // the case desk, worker and audit strings live in their own files; their view names join `views`
    'zh-CN': { translation: { ...zhCn, ...zhCnCases, views: { ...zhCn.views, ...zhCnCases.views, import: zhCnImport.view, assessment: zhCnAssessment.view }, ...zhCnSections } },
    en: { translation: { ...en, ...enCases, views: { ...en.views, ...enCases.views, import: enImport.view, assessment: enAssessment.view }, ...enSections } },
  },
  lng: initialLanguage,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

export default i18next;
