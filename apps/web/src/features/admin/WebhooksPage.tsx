import { type FormEvent, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useT } from '../../i18n/i18n';
import { formatDateTime } from '../pulse/format';
import { Button, Input, Table, WarningCallout } from '../../ui';
import { useCan } from '../../auth/use-account';
import { useCreateWebhook, useRevokeWebhook, useWebhookDeliveries, useWebhooks } from './admin-api';
import { AdminPage } from './AdminPage';
import { type FormProblems, formProblems } from '../../api/problem';
import { CopyButton } from './CopyButton';
import { useChosenFootprint } from './FootprintPicker';

/** `/admin/webhooks?footprint=`: the endpoints that receive the footprint's alerts, signed; the signing secret of a new one is shown once. */
export function WebhooksPage() {
  const { t, language } = useT();
  const { can } = useCan();
  const { footprint, picker, isLoading } = useChosenFootprint();
  const webhooks = useWebhooks(footprint?.id);
  const create = useCreateWebhook(footprint?.id ?? '');
  const revoke = useRevokeWebhook();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [problems, setProblems] = useState<FormProblems>({});
  const [secret, setSecret] = useState<string | null>(null);
  const labels = { url: t('admin.webhooks.url'), description: t('admin.webhooks.descriptionField') };

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    if (!url.trim()) return setProblems({ url: t('admin.webhooks.errorUrl') });
    setProblems({});
    create.mutate(
      { url: url.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      {
        onSuccess: (created) => {
          setSecret(created.secret);
          setUrl('');
          setDescription('');
        },
        onError: (error) => setProblems(formProblems(error, { labels, fallback: 'url' })),
      },
    );
  };

  return (
    <AdminPage action="webhook.read" title={t('admin.webhooks.title')} problems={problems}>
      {picker}
      {isLoading || webhooks.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : !footprint ? (
        <p>{t('admin.footprint.none')}</p>
      ) : (
        <>
          {secret && (
            <WarningCallout heading={t('admin.webhooks.secretHeading')}>
              <p>{t('admin.webhooks.secretOnce')}</p>
              <p>
                <code data-testid="webhook-secret" style={{ wordBreak: 'break-all' }}>
                  {secret}
                </code>
              </p>
              <CopyButton text={secret} label={t('admin.webhooks.copy')} />
            </WarningCallout>
          )}
          {webhooks.data && webhooks.data.length > 0 ? (
            <Table responsive
              caption={t('admin.webhooks.caption', { footprint: footprint.name })}
              head={[t('admin.webhooks.url'), t('admin.webhooks.descriptionField'), t('admin.webhooks.created'), t('admin.action')]}
              rows={webhooks.data.map((hook) => [
                <Link to={`/admin/webhooks/${hook.id}?footprint=${footprint.id}`}>
                  {hook.url}
                  <span className="nhsuk-u-visually-hidden"> {t('admin.webhooks.deliveriesHidden')}</span>
                </Link>,
                hook.description,
                formatDateTime(hook.createdAt, language),
                hook.revokedAt ? (
                  t('admin.apiKeys.revoked')
                ) : can('webhook.manage', footprint.id) ? (
                  <Button type="button" variant="secondary" className="nhsuk-u-margin-bottom-0" disabled={revoke.isPending} onClick={() => revoke.mutate(hook.id, { onError: (error) => setProblems(formProblems(error, { labels, fallback: 'url' })) })}>
                    {t('admin.apiKeys.revoke')}
                    <span className="nhsuk-u-visually-hidden"> {hook.url}</span>
                  </Button>
                ) : (
                  t('admin.apiKeys.active')
                ),
              ])}
            />
          ) : (
            <p>{t('admin.webhooks.none')}</p>
          )}
          {can('webhook.manage', footprint.id) && (
            <>
              <h2>{t('admin.webhooks.add')}</h2>
              <form noValidate onSubmit={onCreate}>
                <Input id="url" type="url" label={labels.url} hint={t('admin.webhooks.urlHint')} value={url} onChange={(e) => setUrl(e.target.value)} error={problems.url} />
                <Input id="description" label={`${labels.description} ${t('registry.optional')}`} value={description} onChange={(e) => setDescription(e.target.value)} error={problems.description} />
                <Button disabled={create.isPending}>{t('admin.webhooks.submit')}</Button>
              </form>
            </>
          )}
        </>
      )}
    </AdminPage>
  );
}

/** `/admin/webhooks/:id`: every delivery attempt to an endpoint, newest first: status, error, time taken. */
export function WebhookDeliveriesPage() {
  const { t, language } = useT();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const cursor = params.get('cursor') ?? '';
  const deliveries = useWebhookDeliveries(id, cursor);
  const footprint = params.get('footprint');
  const back = footprint ? `/admin/webhooks?footprint=${footprint}` : '/admin/webhooks';
  const nextPage = (nextCursor: string) => {
    const next = new URLSearchParams(params);
    next.set('cursor', nextCursor);
    return `?${next.toString()}`;
  };
  return (
    <AdminPage action="webhook.read" title={t('admin.webhooks.deliveries')} back={back}>
      {deliveries.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : deliveries.error || !deliveries.data ? (
        <p>{t('admin.webhooks.notFound')}</p>
      ) : deliveries.data.items.length === 0 ? (
        <p>{t('admin.webhooks.noDeliveries')}</p>
      ) : (
        <>
          <Table responsive
            caption={t('admin.webhooks.deliveries')}
            head={[t('admin.audit.when'), t('admin.webhooks.attempt'), t('admin.webhooks.outcome'), t('admin.webhooks.duration')]}
            rows={deliveries.data.items.map((delivery) => [
              formatDateTime(delivery.attemptedAt, language),
              String(delivery.attempt),
              [delivery.succeeded ? t('admin.webhooks.delivered') : t('admin.webhooks.failed'), delivery.statusCode && `HTTP ${delivery.statusCode}`, delivery.error].filter(Boolean).join(' – '),
              t('admin.webhooks.ms', { ms: delivery.durationMs }),
            ])}
          />
          {deliveries.data.nextCursor && (
            <p>
              <Link to={nextPage(deliveries.data.nextCursor)}>{t('admin.nextPage')}</Link>
            </p>
          )}
        </>
      )}
    </AdminPage>
  );
}
