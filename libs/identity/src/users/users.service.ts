import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, NotFoundError, type Page, paginate, preparedQuery } from '@pp/core';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Actor, Grant, Role } from '../access/actor';
import { AuditService } from '../audit/audit.service';
import { ActorCache, type ReadActor } from '../auth/actor-cache';
import { hashPassword } from '../auth/passwords';
import { RefreshTokensService } from '../auth/refresh-tokens.service';
import { AccountMailer } from './account-mailer';
import { CredentialsService, type IssuedToken } from './credentials.service';
import type { GrantInput } from './dto/grant.dto';
import type { InviteUserDto } from './dto/invite-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import type { UsersQuery } from './dto/users-query.dto';
import { RoleGrant } from './role-grant.entity';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  grants: GrantInput[];
}

const summary = (user: User) => ({ email: user.email, displayName: user.displayName, status: user.status });
const grantSummary = (grant: RoleGrant) => ({ userId: grant.userId, role: grant.role, footprintId: grant.footprintId, organisationId: grant.organisationId });

/** Users and the roles granted to them. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly credentials: CredentialsService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly accountMailer: AccountMailer,
    private readonly actors: ActorCache,
  ) {}

  /**
   * The actor for an access token's subject: active users only, with their grants as of now. Kept in
   * ActorCache between requests, which forgets a user as soon as a change to their account or grants
   * commits (this process at once, the others when PostgreSQL notifies them), so a revoked grant or
   * a disabled account takes effect for the next request.
   */
  async actorFor(userId: string): Promise<Actor | null> {
    return this.actors.get(userId, () => this.readActor(userId));
  }

  /** One prepared statement rather than the ORM's two queries for an entity with a relation. */
  private async readActor(userId: string): Promise<ReadActor | null> {
    const rows = await preparedQuery<{ email: string; role: Role | null; footprint_id: string | null; organisation_id: string | null }>(
      this.dataSource,
      'identity.actor-for',
      `SELECT u.email, g.role, g.footprint_id, g.organisation_id
       FROM user_account u LEFT JOIN role_grant g ON g.user_id = u.id
       WHERE u.id = $1 AND u.status = 'active'`,
      [userId],
    );
    if (rows.length === 0) return null;
    const grants: Grant[] = [];
    for (const g of rows) {
      if (!g.role) continue;
      grants.push({ role: g.role, ...(g.footprint_id ? { footprintId: g.footprint_id } : {}), ...(g.organisation_id ? { organisationId: g.organisation_id } : {}) });
    }
    return { actor: { kind: 'user', id: userId, label: rows[0].email, grants } };
  }

  /** An active user with a password, for the CLI, the bootstrap admin and test set-up; in `manager`'s transaction when given. */
  async create(input: NewUser, manager?: EntityManager): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    const create = async (tx: EntityManager) => {
      const user = await this.insertUser(tx, { email: input.email.trim().toLowerCase(), displayName: input.displayName, status: 'active', passwordHash });
      await this.insertGrants(tx, user, input.grants);
      await this.audit.record(tx, { action: 'user.create', entityType: 'user', entityId: user.id, after: summary(user) });
      return this.load(tx, user.id);
    };
    return manager ? create(manager) : this.dataSource.transaction(create);
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOne({ where: { email: email.trim().toLowerCase() }, relations: { grants: true } });
  }

  /** An invited user without a password, and the single-use token that lets them set one, emailed to them when mail is set up. */
  async invite(input: InviteUserDto): Promise<{ user: User; invitation: IssuedToken; emailed: boolean }> {
    const invited = await this.dataSource.transaction(async (manager) => {
      const user = await this.insertUser(manager, { email: input.email, displayName: input.displayName, status: 'invited', passwordHash: null });
      await this.insertGrants(manager, user, input.grants);
      const invitation = await this.credentials.issue(manager, user.id, 'invitation');
      await this.audit.record(manager, { action: 'user.invite', entityType: 'user', entityId: user.id, after: { ...summary(user), grants: input.grants } });
      return { user: await this.load(manager, user.id), invitation };
    });
    return { ...invited, emailed: await this.accountMailer.invitation(invited.user, invited.invitation) };
  }

  async list(query: UsersQuery): Promise<Page<User>> {
    const q = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.email) q.andWhere('u.email = :email', { email: query.email });
    if (query.status) q.andWhere('u.status = :status', { status: query.status });
    if (query.role || query.footprintId) {
      const held = this.dataSource.getRepository(RoleGrant).createQueryBuilder('g').select('1').where('g.user_id = u.id');
      if (query.role) held.andWhere('g.role = :role', { role: query.role });
      if (query.footprintId) held.andWhere('g.footprint_id = :footprintId', { footprintId: query.footprintId });
      q.andWhere(`EXISTS (${held.getQuery()})`, held.getParameters());
    }
    const page = await paginate(q, 'u.email', (user) => user.email, query);
    const grants = await this.nameOrganisations(this.dataSource.manager, await this.dataSource.getRepository(RoleGrant).findBy({ userId: In(page.items.map((u) => u.id)) }));
    for (const user of page.items) user.grants = grants.filter((g) => g.userId === user.id);
    return page;
  }

  async get(id: string): Promise<User> {
    return this.load(this.dataSource.manager, id);
  }

  async update(id: string, changes: UpdateUserDto): Promise<User> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const user = await this.load(manager, id, true);
      const before = summary(user);
      if (changes.status && user.status === 'invited') {
        throw new ConflictError('An invited user becomes active by accepting the invitation', [{ field: 'status', problem: 'cannot change before the invitation is accepted' }]);
      }
      Object.assign(user, changes);
      await manager.update(User, id, changes);
      if (changes.status === 'disabled') await this.refreshTokens.revokeAllOf(manager, id);
      await this.audit.record(manager, { action: 'user.update', entityType: 'user', entityId: id, before, after: summary(user) });
      return this.load(manager, id);
    });
    this.actors.forget(id);
    return updated;
  }

  async addGrant(userId: string, input: GrantInput): Promise<User> {
    const user = await this.dataSource.transaction(async (manager) => {
      await this.insertGrants(manager, await this.load(manager, userId, true), [input]);
      return this.load(manager, userId);
    });
    this.actors.forget(userId);
    return user;
  }

  async removeGrant(userId: string, grantId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const grant = await manager.findOneBy(RoleGrant, { id: grantId, userId });
      if (!grant) throw new NotFoundError('Grant', grantId);
      await manager.delete(RoleGrant, grant.id);
      await this.audit.record(manager, { action: 'grant.revoke', entityType: 'role_grant', entityId: grant.id, footprintId: grant.footprintId, before: grantSummary(grant) });
    });
    this.actors.forget(userId);
  }

  async hasPlatformAdmin(manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.getRepository(RoleGrant).existsBy({ role: 'platform_admin' });
  }

  private async load(manager: EntityManager, id: string, lock = false): Promise<User> {
    if (lock) await manager.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    const user = await manager.getRepository(User).findOne({ where: { id }, relations: { grants: true } });
    if (!user) throw new NotFoundError('User', id);
    await this.nameOrganisations(manager, user.grants);
    return user;
  }

  /**
   * Each grant's organisation code and name, in one read: the registry owns the table (role_grant's
   * foreign key points at it), and a registry holds thousands of organisations, so the web app cannot
   * name them from a list of its own.
   */
  private async nameOrganisations(manager: EntityManager, grants: RoleGrant[]): Promise<RoleGrant[]> {
    const ids = [...new Set(grants.flatMap((grant) => (grant.organisationId ? [grant.organisationId] : [])))];
    const rows: { id: string; code: string; name: string }[] = ids.length ? await manager.query('SELECT id, code, name FROM organisation WHERE id = ANY($1)', [ids]) : [];
    const byId = new Map(rows.map((row) => [row.id, { code: row.code, name: row.name }]));
    for (const grant of grants) grant.organisation = grant.organisationId ? (byId.get(grant.organisationId) ?? null) : null;
    return grants;
  }

  private async insertUser(manager: EntityManager, fields: Pick<User, 'email' | 'displayName' | 'status' | 'passwordHash'>): Promise<User> {
    if (await manager.existsBy(User, { email: fields.email })) {
      throw new ConflictError(`A user with email ${fields.email} already exists`, [{ field: 'email', problem: 'already exists' }]);
    }
    return manager.save(manager.create(User, fields));
  }

  private async insertGrants(manager: EntityManager, user: User, inputs: GrantInput[]): Promise<void> {
    for (const input of inputs) {
      const grant = await manager.save(
        manager.create(RoleGrant, { userId: user.id, role: input.role, footprintId: input.footprintId ?? null, organisationId: input.organisationId ?? null }),
      );
      await this.audit.record(manager, { action: 'grant.create', entityType: 'role_grant', entityId: grant.id, footprintId: grant.footprintId, after: grantSummary(grant) });
    }
  }
}
