import { CloseOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The common frame of every detail panel: a kind, a title, tags, a close button, then content. */
export function DetailFrame(props: { kind: string; title: ReactNode; extra?: ReactNode; onClose: () => void; children: ReactNode; testId: string }) {
  const { t } = useTranslation();
  return (
    <section className="detail" data-testid={props.testId}>
      <header className="detail-header">
        <div className="detail-heading">
          <div className="detail-kind">{props.kind}</div>
          <h2 className="detail-title">{props.title}</h2>
          {props.extra && <div className="detail-tags">{props.extra}</div>}
        </div>
        <Tooltip title={t('detail.close')}>
          <Button type="text" size="small" icon={<CloseOutlined />} onClick={props.onClose} aria-label={t('detail.close')} />
        </Tooltip>
      </header>
      <div className="detail-body">{props.children}</div>
    </section>
  );
}

/** A small figure with its label, as used in rows of key numbers. */
export function Figure(props: { label: string; value: ReactNode; note?: ReactNode; testId?: string }) {
  return (
    <div className="figure" data-testid={props.testId}>
      <div className="figure-label">{props.label}</div>
      <div className="figure-value">{props.value}</div>
      {props.note && <div className="figure-note">{props.note}</div>}
    </div>
  );
}
