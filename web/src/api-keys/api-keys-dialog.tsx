import { Alert, Button, Checkbox, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey, ApiKeyScope } from '../../../contract/api-keys.ts';
import { apiKeysApi } from '../api/api-keys-api.ts';
import { describeError } from '../api/http-client.ts';

const scopes: readonly ApiKeyScope[] = ['open311_submit', 'ogc_households'];

const shortTime = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

/** API keys for machine clients (Open311 submitters, OGC readers): create (shown once), list, revoke. Admin only. */
export default function ApiKeysDialog(props: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; scopes: ApiKeyScope[] }>();

  const reload = useCallback(async () => {
    try {
      setKeys((await apiKeysApi.list()).keys);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, []);
  useEffect(() => {
    if (props.open) void reload();
    else setCreated(null);
  }, [props.open, reload]);

  const create = async (values: { name: string; scopes: ApiKeyScope[] }) => {
    setError(null);
    try {
      const answer = await apiKeysApi.create(values);
      setCreated(answer.key);
      form.resetFields();
      await reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const revoke = async (id: number) => {
    try {
      await apiKeysApi.revoke(id);
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
      <Table<ApiKey> size="small" rowKey="id" dataSource={keys} pagination={false}
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
