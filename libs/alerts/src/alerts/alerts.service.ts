import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, type CountedPage, NotFoundError, type PageQuery, paginateCounted, toTheMillisecond } from '@pp/core';
import { AuditService } from '@pp/identity';
import { DataSource, In } from 'typeorm';
import { AlertNotification } from '../notifications/alert-notification.entity';
import { SEVERITIES, type Severity } from '../rules/rule-kinds';
import { Alert } from './alert.entity';
import { type AlertStatus, lifecycleProblem } from './alert-status';

export const ALERT_SORTS = ['newest', 'severity'] as const;
export type AlertSort = (typeof ALERT_SORTS)[number];

export interface AlertFilter extends PageQuery {
  status?: AlertStatus;
  severity?: Severity;
  roundId?: string;
  sort?: AlertSort;
}

/**
 * Most severe first, then newest: one text key, the severity's rank (SEVERITIES' order) then the milliseconds since
 * 1970 when raised, zero-padded, so keyset paging over (key, id) takes it as it takes a single
 * column. Compared byte by byte, whatever the database's collation; computed per row, which is
 * cheap over one footprint's alerts of one status (the overview reads the first few open ones).
 * No colons: TypeORM would read `:name` as a parameter.
 */
const SEVERITY_KEY = `((CASE a.severity ${SEVERITIES.map((severity, rank) => `WHEN '${severity}' THEN '${rank}'`).join(' ')} END) || lpad(CAST(CAST(floor(extract(epoch FROM a.raised_at) * 1000) AS bigint) AS text), 15, '0')) COLLATE "C"`;
const severityKey = (alert: Alert) => `${SEVERITIES.indexOf(alert.severity)}${String(alert.raisedAt.getTime()).padStart(15, '0')}`;

/** An alert as it reached one lead in the app, and whether they have read it. */
export interface InboxItem {
  alert: Alert;
  notifiedAt: Date;
  readAt: Date | null;
}

const summary = (alert: Alert) => ({ status: alert.status, kind: alert.kind, subject: alert.subject, period: alert.period });

/** Alerts as leads see and handle them: lists, acknowledging, resolving, and each lead's in-app list. */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Where an alert sits, for the access guard; null when there is no such alert. */
  async footprintOf(id: string): Promise<string | null> {
    const alert = await this.dataSource.manager.findOne(Alert, { where: { id }, select: { id: true, footprintId: true } });
    return alert?.footprintId ?? null;
  }

  /** A page of the footprint's alerts, newest first, with how many match the filter (alert_footprint_status_idx serves both). */
  list(footprintId: string, filter: AlertFilter): Promise<CountedPage<Alert>> {
    const rows = this.dataSource.getRepository(Alert).createQueryBuilder('a').where('a.footprint_id = :footprintId', { footprintId });
    if (filter.status) rows.andWhere('a.status = :status', { status: filter.status });
    if (filter.severity) rows.andWhere('a.severity = :severity', { severity: filter.severity });
    if (filter.roundId) rows.andWhere('a.round_id = :roundId', { roundId: filter.roundId });
    if (filter.sort === 'severity') return paginateCounted(rows, SEVERITY_KEY, severityKey, filter, 'DESC');
    return paginateCounted(rows, toTheMillisecond('a.raised_at'), (a) => a.raisedAt.toISOString(), filter, 'DESC');
  }

  async get(id: string): Promise<Alert> {
    const alert = await this.dataSource.manager.findOneBy(Alert, { id });
    if (!alert) throw new NotFoundError('Alert', id);
    return alert;
  }

  /** The alert and its email and webhook notifications, whose rows the sending jobs keep up to date. */
  async getWithDeliveries(id: string): Promise<{ alert: Alert; notifications: AlertNotification[] }> {
    const alert = await this.get(id);
    const notifications = await this.dataSource.manager.find(AlertNotification, {
      where: { alertId: id, channel: In(['email', 'webhook']) },
      order: { createdAt: 'ASC', channel: 'ASC', id: 'ASC' },
    });
    return { alert, notifications };
  }

  acknowledge(id: string, userId: string, note?: string): Promise<Alert> {
    return this.move(id, 'acknowledged', userId, note);
  }

  resolve(id: string, userId: string, note?: string): Promise<Alert> {
    return this.move(id, 'resolved', userId, note);
  }

  /**
   * The alerts told to `userId` in the app, newest first, with how many match the filter: the unread
   * badge reads that count (`unread`, one row), through alert_notification_unread_idx.
   */
  async inbox(userId: string, filter: PageQuery & { unread?: boolean; status?: AlertStatus }): Promise<CountedPage<InboxItem>> {
    const rows = this.dataSource
      .getRepository(AlertNotification)
      .createQueryBuilder('n')
      .innerJoinAndSelect('n.alert', 'a')
      .where("n.recipient_id = :userId AND n.channel = 'in_app'", { userId });
    if (filter.unread) rows.andWhere('n.read_at IS NULL');
    if (filter.status) rows.andWhere('a.status = :status', { status: filter.status });
    const page = await paginateCounted(rows, toTheMillisecond('n.created_at'), (n) => n.createdAt.toISOString(), filter, 'DESC');
    return { items: page.items.map((n) => ({ alert: n.alert, notifiedAt: n.createdAt, readAt: n.readAt })), nextCursor: page.nextCursor, total: page.total };
  }

  /** Marks an alert read in `userId`'s in-app list; reading it twice keeps the first time. */
  async markRead(userId: string, alertId: string): Promise<InboxItem> {
    await this.dataSource.query(
      "UPDATE alert_notification SET read_at = now() WHERE alert_id = $1 AND recipient_id = $2 AND channel = 'in_app' AND read_at IS NULL",
      [alertId, userId],
    );
    const notification = await this.dataSource.manager.findOne(AlertNotification, { where: { alertId, recipientId: userId, channel: 'in_app' }, relations: { alert: true } });
    if (!notification) throw new NotFoundError('Alert', alertId);
    return { alert: notification.alert, notifiedAt: notification.createdAt, readAt: notification.readAt };
  }

  private move(id: string, to: 'acknowledged' | 'resolved', userId: string, note?: string): Promise<Alert> {
    return this.dataSource.transaction(async (manager) => {
      const alert = await manager.findOne(Alert, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!alert) throw new NotFoundError('Alert', id);
      const problem = lifecycleProblem(alert.status, to);
      if (problem) throw new ConflictError(problem, [{ field: 'status', problem: `is ${alert.status}` }]);
      const before = summary(alert);
      const now = new Date();
      if (to === 'acknowledged') Object.assign(alert, { status: to, acknowledgedAt: now, acknowledgedBy: userId });
      else Object.assign(alert, { status: to, resolvedAt: now, resolvedBy: userId, resolution: 'manual' });
      if (note !== undefined) alert.note = note;
      await manager.save(alert);
      await this.audit.record(manager, { action: `alert.${to === 'acknowledged' ? 'acknowledge' : 'resolve'}`, entityType: 'alert', entityId: id, footprintId: alert.footprintId, before, after: summary(alert) });
      return alert;
    });
  }
}
