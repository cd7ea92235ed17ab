import { Alert, Button, Checkbox, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/api-client.ts';
import { describeError } from '../api/cases-api.ts';

interface ApiKeyRow {
  id: number;
  name: string;
  keyPrefix: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const scopes = ['open311_submit', 'ogc_households'] as const;

async function call<T>(method: string, path: string, csrfToken: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const answer = (await response.json().catch(() => null)) as { error?: { code: string; message: string; details: unknown } } | null;
  if (!response.ok) throw new ApiError(response.status, answer?.error?.code ?? 'http_error', answer?.error?.message ?? response.statusText, answer?.error?.details);
  return answer as T;
}

const shortTime = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

/** API keys for machine clients (Open311 submitters, OGC readers): create (shown once), list, revoke. Admin only. */
export default function ApiKeysDialog(props: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [keys, setKeys] = useState<ApiKeyRow[]>([]);
  const [csrfToken, setCsrfToken] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; scopes: string[] }>();

  const reload = useCallback(async () => {
    try {
      const session = await api.session();
      setCsrfToken(session.csrfToken ?? null);
      setKeys((await call<{ keys: ApiKeyRow[] }>('GET', '/api/api-keys', null)).keys);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, []);
  useEffect(() => {
    if (props.open) void reload();
    else setCreated(null);
  }, [props.open, reload]);

  const create = async (values: { name: string; scopes: string[] }) => {
    setError(null);
    try {
      const answer = await call<{ key: string }>('POST', '/api/api-keys', csrfToken, values);
      setCreated(answer.key);
      form.resetFields();
      await reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const revoke = async (id: number) => {
    try {
      await call('DELETE', `/api/api-keys/${id}`, csrfToken);
      await reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <Modal open={props.open} onCancel={props.onClose} footer={null} width={760} title={t('apiKeys.title')} destroyOnHidden>
      <div className="muted">{t('apiKeys.hint')}</div>
      {created && (
        <Alert type="success" showIcon className="inline-alert" data-testid="api-key-created" title={t('apiKeys.createdOnce')}
          description={<Typography.Text copyable code>{created}</Typography.Text>} />
      )}
      {error && <Alert type="error" showIcon className="inline-alert" title={error} />}
      <Form form={form} layout="inline" onFinish={(values) => void create(values)} initialValues={{ scopes: ['open311_submit'] }} style={{ margin: '12px 0' }}>
        <Form.Item name="name" rules={[{ required: true, message: t('apiKeys.nameRequired') }]}>
          <Input placeholder={t('apiKeys.name')} maxLength={100} />
        </Form.Item>
        <Form.Item name="scopes" rules={[{ required: true, type: 'array', min: 1, message: t('apiKeys.scopeRequired') }]}>
          <Checkbox.Group options={scopes.map((scope) => ({ value: scope, label: t(`apiKeys.scopes.${scope}`) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit">{t('apiKeys.create')}</Button>
      </Form>
      <Table<ApiKeyRow> size="small" rowKey="id" dataSource={keys} pagination={false}
        columns={[
          { title: t('apiKeys.name'), dataIndex: 'name' },
          { title: t('apiKeys.prefix'), dataIndex: 'keyPrefix', render: (prefix: string) => <span className="mono">ga_{prefix}_…</span> },
          { title: t('apiKeys.scope'), dataIndex: 'scopes', render: (values: string[]) => values.map((scope) => <Tag key={scope}>{scope}</Tag>) },
          { title: t('apiKeys.lastUsed'), dataIndex: 'lastUsedAt', render: shortTime },
          {
            title: '', key: 'revoke',
            render: (_, row) => row.revokedAt
              ? <Tag>{t('apiKeys.revoked')} {shortTime(row.revokedAt)}</Tag>
              : <Popconfirm title={t('apiKeys.revokeConfirm')} onConfirm={() => void revoke(row.id)}><Button size="small" danger>{t('apiKeys.revoke')}</Button></Popconfirm>,
          },
        ]} />
    </Modal>
  );
}
