import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type FieldProblem, InvalidInputError, NotFoundError, type Page, type PageQuery, paginate, toTheMillisecond } from '@pp/core';
import { AuditService } from '@pp/identity';
import { todayInUk } from '@pp/registry';
import { DataSource, type EntityManager } from 'typeorm';
import { type ActionLink, linkedFigure } from './action-link';
import { type ActionResult, ActionOutcomes } from './action-outcomes.service';
import { ActionPlan } from './action-plan.entity';
import { type ActionStatus, isoDay, LINK_KINDS, type LinkKind, OPEN_ACTION_STATUSES, transitionProblem } from './action-status';
import { ActionUpdate } from './action-update.entity';
import type { AddActionUpdateDto, CreateActionDto, UpdateActionDto } from './dto/action.dto';

export interface ActionFilter extends PageQuery {
  status?: ActionStatus;
  linkKind?: LinkKind;
  overdue?: boolean;
}

/** The link fields each kind needs; every other link field must be left out. */
const LINK_FIELDS: Record<LinkKind, readonly (keyof CreateActionDto)[]> = {
  alert: ['alertId'],
  dyad: ['raterOrganisationId', 'ratedOrganisationId'],
  sector_pair: ['raterSector', 'ratedSector'],
  dimension: ['dimension'],
};
const ALL_LINK_FIELDS = LINK_KINDS.flatMap((kind) => LINK_FIELDS[kind]);

const summary = (a: ActionPlan) => ({ linkKind: a.linkKind, ownerOrganisationId: a.ownerOrganisationId, dueOn: a.dueOn, status: a.status, description: a.description });

/** An action with its updates and its "did it work?" figures. */
export interface ActionDetail extends ActionResult {
  action: ActionPlan;
  updates: ActionUpdate[];
}


/**
 * Action plans as leads record and follow them: validated against the footprint (members,
 * alerts, the instrument's dimensions), written with their audit entry in one transaction.
 */
@Injectable()
export class ActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outcomes: ActionOutcomes,
  ) {}

  /** Where an action sits, for the access guard; null when there is no such action. */
  async footprintOf(id: string): Promise<string | null> {
    const action = await this.dataSource.manager.findOne(ActionPlan, { where: { id }, select: { id: true, footprintId: true } });
    return action?.footprintId ?? null;
  }

  list(footprintId: string, filter: ActionFilter, now = new Date()): Promise<Page<ActionPlan>> {
    const rows = this.dataSource.getRepository(ActionPlan).createQueryBuilder('a').where('a.footprint_id = :footprintId', { footprintId });
    if (filter.status) rows.andWhere('a.status = :status', { status: filter.status });
    if (filter.linkKind) rows.andWhere('a.link_kind = :linkKind', { linkKind: filter.linkKind });
    if (filter.overdue !== undefined) {
      const overdue = 'a.due_on < :today AND a.status IN (:...open)';
      rows.andWhere(filter.overdue ? overdue : `NOT (${overdue})`, { today: isoDay(now), open: OPEN_ACTION_STATUSES });
    }
    return paginate(rows, toTheMillisecond('a.created_at'), (a) => a.createdAt.toISOString(), filter, 'DESC');
  }

  /**
   * The overdue open actions `userId` owns: those of every footprint they lead, and those they
   * recorded. These are the actions whose reminder they get by email (see OverdueReminders).
   */
  overdueFor(userId: string, page: PageQuery, now = new Date()): Promise<Page<ActionPlan>> {
    const rows = this.dataSource
      .getRepository(ActionPlan)
      .createQueryBuilder('a')
      .where('a.due_on < :today AND a.status IN (:...open)', { today: isoDay(now), open: OPEN_ACTION_STATUSES })
      .andWhere(
        `(a.created_by = :userId OR EXISTS (SELECT 1 FROM role_grant g WHERE g.user_id = :userId AND g.role = 'footprint_lead' AND g.footprint_id = a.footprint_id))`,
        { userId },
      );
    return paginate(rows, toTheMillisecond('a.created_at'), (a) => a.createdAt.toISOString(), page, 'DESC');
  }

  async get(id: string): Promise<ActionPlan> {
    const action = await this.dataSource.manager.findOneBy(ActionPlan, { id });
    if (!action) throw new NotFoundError('Action', id);
    return action;
  }

  async detail(id: string): Promise<ActionDetail> {
    const action = await this.get(id);
    const updates = await this.dataSource.manager.find(ActionUpdate, { where: { actionId: id }, order: { at: 'ASC', id: 'ASC' } });
    return { action, updates, ...(await this.outcomes.of(action)) };
  }

  create(footprintId: string, body: CreateActionDto, userId: string): Promise<ActionPlan> {
    return this.dataSource.transaction(async (manager) => {
      // Platform admins reach every footprint id, existing or not.
      const [footprint] = await manager.query<{ id: string }[]>('SELECT id FROM footprint WHERE id = $1', [footprintId]);
      if (!footprint) throw new NotFoundError('Footprint', footprintId);
      const problems = await this.linkProblems(manager, footprintId, body);
      problems.push(...(await this.ownerProblems(manager, footprintId, body.ownerOrganisationId)));
      if (problems.length) throw new InvalidInputError(`The action cannot be recorded: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
      const [baseline] = await manager.query<{ round_id: string; period: string }[]>(
        'SELECT round_id, period FROM round_scoring WHERE footprint_id = $1 AND NOT provisional ORDER BY period DESC LIMIT 1',
        [footprintId],
      );
      const link = Object.fromEntries(ALL_LINK_FIELDS.map((field) => [field, LINK_FIELDS[body.linkKind].includes(field) ? body[field] : null])) as unknown as Omit<ActionLink, 'linkKind'>;
      const [alert] = body.alertId ? await manager.query<{ subject: string }[]>('SELECT subject FROM alert WHERE id = $1', [body.alertId]) : [];
      const figure = linkedFigure({ ...link, linkKind: body.linkKind }, alert?.subject ?? null);
      const action = manager.create(ActionPlan, {
        footprintId,
        linkKind: body.linkKind,
        ...link,
        figureScope: figure?.scope ?? null,
        figureSubject: figure?.subject ?? null,
        figureMeasure: figure?.measure ?? null,
        ownerOrganisationId: body.ownerOrganisationId,
        description: body.description,
        dueOn: body.dueOn,
        status: body.status ?? 'planned',
        baselineRoundId: baseline?.round_id ?? null,
        baselinePeriod: baseline?.period ?? null,
        createdBy: userId,
        remindedAt: null,
      });
      await manager.save(action);
      await this.audit.record(manager, { action: 'action.create', entityType: 'action', entityId: action.id, footprintId, after: { ...summary(action), ...link } });
      return action;
    });
  }

  update(id: string, body: UpdateActionDto, userId: string): Promise<ActionPlan> {
    return this.dataSource.transaction(async (manager) => {
      const action = await this.locked(manager, id);
      const before = summary(action);
      const problems: FieldProblem[] = [];
      if (body.ownerOrganisationId !== undefined) problems.push(...(await this.ownerProblems(manager, action.footprintId, body.ownerOrganisationId)));
      const moving = body.status !== undefined && body.status !== action.status;
      const problem = body.status !== undefined ? transitionProblem(action.status, body.status) : null;
      if (problem) problems.push({ field: 'status', problem });
      if (body.note !== undefined && !moving) problems.push({ field: 'note', problem: 'is kept only with a status change; add an update instead' });
      if (problems.length) throw new InvalidInputError(`The action cannot be changed: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
      if (body.ownerOrganisationId !== undefined) action.ownerOrganisationId = body.ownerOrganisationId;
      if (body.description !== undefined) action.description = body.description;
      // A new due date is a new promise: it may be reminded of once more.
      if (body.dueOn !== undefined && body.dueOn !== action.dueOn) Object.assign(action, { dueOn: body.dueOn, remindedAt: null });
      if (moving) await this.recordUpdate(manager, action, body.note ?? '', body.status!, userId);
      await manager.save(action);
      await this.audit.record(manager, { action: 'action.update', entityType: 'action', entityId: id, footprintId: action.footprintId, before, after: summary(action) });
      return action;
    });
  }

  addUpdate(id: string, body: AddActionUpdateDto, userId: string): Promise<ActionUpdate> {
    return this.dataSource.transaction(async (manager) => {
      const action = await this.locked(manager, id);
      const before = summary(action);
      const problem = body.status !== undefined ? transitionProblem(action.status, body.status) : null;
      if (problem) throw new InvalidInputError(`The update cannot be added: status ${problem}`, [{ field: 'status', problem }]);
      const update = await this.recordUpdate(manager, action, body.note, body.status ?? action.status, userId);
      await manager.save(action);
      await this.audit.record(manager, { action: 'action.add_update', entityType: 'action', entityId: id, footprintId: action.footprintId, before, after: { ...summary(action), updateId: update.id, note: update.note } });
      return update;
    });
  }

  private async locked(manager: EntityManager, id: string): Promise<ActionPlan> {
    const action = await manager.findOne(ActionPlan, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!action) throw new NotFoundError('Action', id);
    return action;
  }

  /** Appends a dated update and moves the action's status; a note without a move records no status. */
  private async recordUpdate(manager: EntityManager, action: ActionPlan, note: string, to: ActionStatus, userId: string): Promise<ActionUpdate> {
    const moved = to !== action.status;
    const update = manager.create(ActionUpdate, { actionId: action.id, note, statusFrom: moved ? action.status : null, statusTo: moved ? to : null, authorId: userId, at: new Date() });
    await manager.save(update);
    action.status = to;
    action.updatedAt = new Date();
    return update;
  }

  /** The link's fields against its kind and the footprint: each problem names its field. */
  private async linkProblems(manager: EntityManager, footprintId: string, body: CreateActionDto): Promise<FieldProblem[]> {
    const needed = LINK_FIELDS[body.linkKind];
    const problems: FieldProblem[] = [];
    for (const field of ALL_LINK_FIELDS) {
      const given = body[field] !== undefined && body[field] !== null;
      if (needed.includes(field) && !given) problems.push({ field, problem: `is required for a ${body.linkKind} action` });
      if (!needed.includes(field) && given) problems.push({ field, problem: `must be left out of a ${body.linkKind} action` });
    }
    if (problems.length) return problems;
    switch (body.linkKind) {
      case 'alert': {
        const [alert] = await manager.query<{ footprint_id: string }[]>('SELECT footprint_id FROM alert WHERE id = $1', [body.alertId]);
        if (!alert || alert.footprint_id !== footprintId) problems.push({ field: 'alertId', problem: 'is not an alert of this footprint' });
        break;
      }
      case 'dyad':
        if (body.raterOrganisationId === body.ratedOrganisationId) problems.push({ field: 'ratedOrganisationId', problem: 'must differ from raterOrganisationId' });
        for (const field of ['raterOrganisationId', 'ratedOrganisationId'] as const) {
          const problem = await this.memberProblem(manager, footprintId, body[field]!);
          if (problem) problems.push({ field, problem });
        }
        break;
      case 'sector_pair':
        break;
      case 'dimension': {
        const [known] = await manager.query<{ found: boolean }[]>(
          `SELECT EXISTS (SELECT 1 FROM instrument i, jsonb_array_elements(i.dimensions) d WHERE d->>'key' = $1) AS found`,
          [body.dimension],
        );
        if (!known?.found) problems.push({ field: 'dimension', problem: 'is not a dimension of any instrument' });
        break;
      }
    }
    return problems;
  }

  private async ownerProblems(manager: EntityManager, footprintId: string, organisationId: string): Promise<FieldProblem[]> {
    const problem = await this.memberProblem(manager, footprintId, organisationId);
    return problem ? [{ field: 'ownerOrganisationId', problem }] : [];
  }

  /** Null when the organisation is a member of the footprint today (UK date, as memberships are). */
  private async memberProblem(manager: EntityManager, footprintId: string, organisationId: string): Promise<string | null> {
    const [row] = await manager.query<{ exists: boolean; member: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM organisation WHERE id = $2) AS exists,
              EXISTS (SELECT 1 FROM membership m WHERE m.footprint_id = $1 AND m.organisation_id = $2 AND m.member_from <= $3::date AND (m.member_to IS NULL OR m.member_to >= $3::date)) AS member`,
      [footprintId, organisationId, todayInUk()],
    );
    if (!row?.exists) return 'is not a known organisation';
    if (!row.member) return 'is not a member of this footprint';
    return null;
  }
}
