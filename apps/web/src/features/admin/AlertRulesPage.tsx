import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { Button, Fieldset, Input, Select, Table } from '../../ui';
import { useCan } from '../../auth/use-account';
import { type AlertRule, useAlertRules, useUpdateAlertRule } from './admin-api';
import { AdminPage } from './AdminPage';
import { type FormProblems, formProblems } from '../../api/problem';
import { useChosenFootprint } from './FootprintPicker';

const SEVERITIES = ['info', 'warning', 'critical'] as const;

/** `/admin/alert-rules?footprint=`: the footprint's rules, one of each kind; leads and admins switch them on or off and set severity and threshold. */
export function AlertRulesPage() {
  const { t } = useT();
  const { can } = useCan();
  const { footprint, picker, isLoading } = useChosenFootprint();
  const rules = useAlertRules(footprint?.id);
  const [problems, setProblems] = useState<FormProblems>({});
  const [done, setDone] = useState('');
  return (
    <AdminPage action="alert_rule.read" title={t('admin.alertRules.title')} problems={problems}>
      {picker}
      <p role="status">{done}</p>
      {isLoading || rules.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : !footprint ? (
        <p>{t('admin.footprint.none')}</p>
      ) : !rules.data ? null : can('alert_rule.manage', footprint.id) ? (
        rules.data.map((rule) => <RuleForm key={`${rule.id}:${rule.updatedAt}`} rule={rule} problems={problems} onProblems={setProblems} onDone={setDone} />)
      ) : (
        <Table responsive
          caption={t('admin.alertRules.caption', { footprint: footprint.name })}
          head={[t('admin.alertRules.rule'), t('admin.alertRules.enabled'), t('admin.alertRules.severity'), t('admin.alertRules.threshold')]}
          rows={rules.data.map((rule) => [rule.description, rule.enabled ? t('admin.alertRules.on') : t('admin.alertRules.off'), t(`admin.alertRules.severity.${rule.severity}`), rule.threshold === null ? t('admin.alertRules.noThreshold') : `${rule.threshold} ${t(`admin.alertRules.unit.${rule.thresholdUnit ?? 'points'}`)}`])}
        />
      )}
    </AdminPage>
  );
}

function RuleForm({ rule, problems, onProblems, onDone }: { rule: AlertRule; problems: FormProblems; onProblems: (problems: FormProblems) => void; onDone: (message: string) => void }) {
  const { t } = useT();
  const update = useUpdateAlertRule();
  const [enabled, setEnabled] = useState(rule.enabled ? 'on' : 'off');
  const [severity, setSeverity] = useState<string>(rule.severity);
  const [threshold, setThreshold] = useState(rule.threshold === null ? '' : String(rule.threshold));
  const id = (field: string) => `${rule.kind}-${field}`;
  const labels = { [id('enabled')]: t('admin.alertRules.enabled'), [id('severity')]: t('admin.alertRules.severity'), [id('threshold')]: t('admin.alertRules.threshold') };
  const range = rule.thresholdRange;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(threshold);
    if (rule.threshold !== null && (threshold.trim() === '' || !Number.isFinite(value))) return onProblems({ [id('threshold')]: t('admin.alertRules.errorThreshold') });
    onProblems({});
    update.mutate(
      { ruleId: rule.id, enabled: enabled === 'on', severity: severity as AlertRule['severity'], ...(rule.threshold !== null ? { threshold: value } : {}) },
      { onSuccess: () => onDone(t('admin.alertRules.saved', { rule: rule.description })), onError: (error) => onProblems(formProblems(error, { labels, fallback: id('threshold'), fieldOf: (field) => (labels[id(field)] ? id(field) : undefined) })) },
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} className="nhsuk-u-margin-bottom-6">
      <Fieldset legend={rule.description} size="s">
        <Select id={id('enabled')} label={t('admin.alertRules.enabled')} value={enabled} onChange={(e) => setEnabled(e.target.value)} options={[{ value: 'on', label: t('admin.alertRules.on') }, { value: 'off', label: t('admin.alertRules.off') }]} />
        <Select id={id('severity')} label={t('admin.alertRules.severity')} value={severity} onChange={(e) => setSeverity(e.target.value)} options={SEVERITIES.map((value) => ({ value, label: t(`admin.alertRules.severity.${value}`) }))} />
        {rule.threshold !== null && (
          <Input
            id={id('threshold')}
            inputMode="decimal"
            label={`${t('admin.alertRules.threshold')} (${t(`admin.alertRules.unit.${rule.thresholdUnit ?? 'points'}`)})`}
            hint={range ? t('admin.alertRules.range', { min: range[0] ?? '', max: range[1] ?? '' }) : undefined}
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
            error={problems[id('threshold')]}
            width="nhsuk-input--width-5"
          />
        )}
        <Button variant="secondary" disabled={update.isPending}>
          {t('admin.alertRules.save')}
          <span className="nhsuk-u-visually-hidden"> {rule.description}</span>
        </Button>
      </Fieldset>
    </form>
  );
}
