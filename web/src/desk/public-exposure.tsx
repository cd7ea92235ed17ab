import { Button, Input, Segmented, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../contract/incidents.ts';
import { casesApi } from '../api/cases-api.ts';

type Decision = 'rule' | 'published' | 'hidden';

/**
 * What the public sees of a case, on the staff case page: whether it is public and why (the
 * database's one rule: source, class, registration — or a dispatcher's decision), the decision
 * itself (leave it to the rule / publish / hide) and the public summary that replaces the
 * reporter's own words. Staff who may not decide see the verdict only.
 */
export function PublicExposure(props: {
  item: Case;
  onChanged: () => void;
  onError: (failure: unknown) => void;
}) {
  const { t } = useTranslation();
  const { item } = props;
  const decision: Decision = item.hiddenFromPublic ? 'hidden' : item.publishedToPublic ? 'published' : 'rule';
  const [summary, setSummary] = useState(item.publicSummary ?? '');
  const [saving, setSaving] = useState(false);
  useEffect(() => setSummary(item.publicSummary ?? ''), [item.publicSummary]);
  const visible = item.publicReason === 'public' || item.publicReason === 'published';

  const save = (change: { decision: Decision; publicSummary?: string | null }) => {
    setSaving(true);
    casesApi.setPublicVisibility(item.id, change).then(props.onChanged, props.onError).finally(() => setSaving(false));
  };

  return (
    <div className="public-exposure" data-testid="public-exposure" data-public={visible ? 'yes' : 'no'}>
      <div className="public-exposure-verdict">
        <Tag color={visible ? 'green' : 'default'} data-testid={item.hiddenFromPublic ? 'hidden-tag' : 'public-verdict'}>
          {visible ? t('cases.public.isPublic') : t('cases.public.notPublic')}
        </Tag>
        <span className="muted small">{t(`cases.public.reason.${item.publicReason}`)}</span>
      </div>
      {item.mayChangePublicVisibility && (
        <>
          <Segmented<Decision> size="small" value={decision} disabled={saving} data-testid="public-decision"
            options={(['rule', 'published', 'hidden'] as const).map((value) => ({
              value, label: <span data-testid={`public-decision-${value}`}>{t(`cases.public.decision.${value}`)}</span>,
            }))}
            onChange={(value) => save({ decision: value })} />
          <div className="public-exposure-summary">
            <Input size="small" value={summary} maxLength={500} placeholder={t('cases.public.summaryPlaceholder')}
              aria-label={t('cases.public.summary')} data-testid="public-summary-input" onChange={(event) => setSummary(event.target.value)} />
            <Button size="small" disabled={saving || summary.trim() === (item.publicSummary ?? '')} data-testid="public-summary-save"
              onClick={() => save({ decision, publicSummary: summary.trim() === '' ? null : summary.trim() })}>
              {t('cases.public.saveSummary')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
