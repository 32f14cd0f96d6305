import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { formatDateTime } from '../pulse/format';
import { Button, Checkboxes, Input, Table, WarningCallout } from '../../ui';
import { useCan } from '../../auth/use-account';
import { useApiKeys, useCreateApiKey, useFootprints, useRevokeApiKey } from './admin-api';
import { AdminPage } from './AdminPage';
import { type FormProblems, formProblems } from '../../api/problem';
import { CopyButton } from './CopyButton';

/**
 * `/admin/api-keys`: read-only keys for BI tools. A new key is shown once, here, with a copy button:
 * it lives only in this page's state, and the API never returns it again.
 */
export function ApiKeysPage() {
  const { t, language } = useT();
  const { can } = useCan();
  const keys = useApiKeys();
  const { data: footprints = [] } = useFootprints();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [footprintIds, setFootprintIds] = useState<string[]>([]);
  const [expiresOn, setExpiresOn] = useState('');
  const [problems, setProblems] = useState<FormProblems>({});
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const labels = { name: t('admin.apiKeys.name'), footprintIds: t('admin.apiKeys.footprints'), expiresAt: t('admin.apiKeys.expires') };
  const nameOf = (id: string) => footprints.find((footprint) => footprint.id === id)?.name ?? id;

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    const found: FormProblems = {};
    if (!name.trim()) found.name = t('admin.apiKeys.errorName');
    if (footprintIds.length === 0) found.footprintIds = t('admin.apiKeys.errorFootprints');
    setProblems(found);
    setCreated(null);
    if (Object.keys(found).length) return;
    create.mutate(
      { name, footprintIds, ...(expiresOn ? { expiresAt: `${expiresOn}T23:59:59Z` } : {}) },
      {
        onSuccess: (result) => {
          setCreated({ name: result.apiKey.name, key: result.key });
          setName('');
          setFootprintIds([]);
          setExpiresOn('');
        },
        onError: (error) => setProblems(formProblems(error, { labels, fallback: 'name', fieldOf: (field) => (field.startsWith('footprintIds') ? 'footprintIds' : field in labels ? field : undefined) })),
      },
    );
  };

  return (
    <AdminPage action="api_key.read" title={t('admin.apiKeys.title')} problems={problems}>
      <p>{t('admin.apiKeys.intro')}</p>
      {created && (
        <WarningCallout heading={t('admin.apiKeys.createdHeading', { name: created.name })}>
          <p>{t('admin.apiKeys.once')}</p>
          <p>
            <code data-testid="new-api-key" style={{ wordBreak: 'break-all' }}>
              {created.key}
            </code>
          </p>
          <CopyButton text={created.key} label={t('admin.apiKeys.copy')} />
        </WarningCallout>
      )}
      {keys.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : keys.data && keys.data.length > 0 ? (
        <Table responsive
          caption={t('admin.apiKeys.caption')}
          head={[t('admin.apiKeys.name'), t('admin.apiKeys.prefix'), t('admin.apiKeys.footprints'), t('admin.apiKeys.expires'), t('admin.apiKeys.lastUsed'), can('api_key.manage') ? t('admin.action') : t('admin.users.status')]}
          rows={keys.data.map((key) => [
            key.name,
            <code>{key.prefix}</code>,
            key.footprintIds.map(nameOf).join(', '),
            formatDateTime(key.expiresAt, language),
            key.lastUsedAt ? formatDateTime(key.lastUsedAt, language) : t('admin.user.never'),
            key.revokedAt ? (
              t('admin.apiKeys.revoked')
            ) : can('api_key.manage') ? (
              <Button type="button" variant="secondary" className="nhsuk-u-margin-bottom-0" disabled={revoke.isPending} onClick={() => revoke.mutate(key.id, { onError: (error) => setProblems(formProblems(error, { labels, fallback: 'name' })) })}>
                {t('admin.apiKeys.revoke')}
                <span className="nhsuk-u-visually-hidden"> {key.name}</span>
              </Button>
            ) : (
              t('admin.apiKeys.active')
            ),
          ])}
        />
      ) : (
        <p>{t('admin.apiKeys.none')}</p>
      )}
      {can('api_key.manage') && (
        <>
          <h2>{t('admin.apiKeys.create')}</h2>
          <form noValidate onSubmit={onCreate}>
            <Input id="name" label={labels.name} hint={t('admin.apiKeys.nameHint')} value={name} onChange={(e) => setName(e.target.value)} error={problems.name} />
            <Checkboxes id="footprintIds" legend={labels.footprintIds} options={footprints.filter((footprint) => can('api_key.manage', footprint.id)).map((footprint) => ({ value: footprint.id, label: footprint.name }))} values={footprintIds} onChange={setFootprintIds} error={problems.footprintIds} />
            <Input id="expiresAt" type="date" label={labels.expiresAt} hint={t('admin.apiKeys.expiresHint')} value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} error={problems.expiresAt} width="nhsuk-input--width-10" />
            <Button disabled={create.isPending}>{t('admin.apiKeys.submit')}</Button>
          </form>
        </>
      )}
    </AdminPage>
  );
}
