import type { Locale } from './message-catalogue.ts';
import { workbooksEn } from './en-workbooks.ts';
import { workbooksZh } from './zh-cn-workbooks.ts';

export type WorkbookLabels = typeof workbooksZh;

/** The labels of a meeting workbook in the reader's language (the `lang` of the link, else Accept-Language). */
export function workbookLabels(locale: Locale): WorkbookLabels {
  return locale === 'en' ? workbooksEn : workbooksZh;
}
