import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';
import { settled } from '../../api/problem';

export type User = Schemas['UserDto'];
export type Grant = Schemas['GrantDto'];
export type GrantInput = Schemas['GrantInput'];
export type ApiKey = Schemas['ApiKeyDto'];
export type Footprint = Schemas['FootprintDto'];
export type Organisation = Schemas['OrganisationDto'];
export type AlertRule = Schemas['AlertRuleDto'];
export type AuditEntry = Schemas['AuditEntryDto'];
export type AuditFilters = { footprintId?: string; action?: string; entityType?: string; since?: string; until?: string; cursor?: string };

/** The largest page the API serves: pickers list every footprint and organisation of a partnership in one call. */
const ALL = 500;

/** The footprints the account reads (scoped by the API), for pickers and names. */
export function useFootprints() {
  return useQuery({
    queryKey: ['admin', 'footprints'],
    queryFn: () => settled(api.GET('/api/v1/footprints', { params: { query: { limit: ALL } } })).then((page) => page.items),
  });
}

/** How many organisations a search offers: a picker lists a few, and more typing narrows them. */
export const SEARCH_LIMIT = 20;

/** The organisations whose name or ODS/ONS code contains `q` (any case), first by name: the organisation picker's source. */
export function searchOrganisations(q: string, signal?: AbortSignal): Promise<Organisation[]> {
  return settled(api.GET('/api/v1/organisations', { params: { query: { q, limit: SEARCH_LIMIT } }, signal })).then((page) => page.items);
}

export function useUsers(filters: { email?: string; cursor?: string }) {
  return useQuery({
    queryKey: ['admin', 'users', filters],
    queryFn: () => settled(api.GET('/api/v1/users', { params: { query: { email: filters.email || undefined, cursor: filters.cursor || undefined } } })),
  });
}

export function useUser(id: string) {
  return useQuery({ queryKey: ['admin', 'users', id], queryFn: () => settled(api.GET('/api/v1/users/{id}', { params: { path: { id } } })) });
}

function useUserChange<Input, Output>(call: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }) });
}

export function useInviteUser() {
  return useUserChange((body: Schemas['InviteUserDto']) => settled(api.POST('/api/v1/users/invitations', { body })));
}

export function useGrantRole(id: string) {
  return useUserChange((body: GrantInput) => settled(api.POST('/api/v1/users/{id}/grants', { params: { path: { id } }, body })));
}

export function useRevokeGrant(id: string) {
  return useUserChange((grantId: string) => settled(api.DELETE('/api/v1/users/{id}/grants/{grantId}', { params: { path: { id, grantId } } })));
}

export function useSetUserStatus(id: string) {
  return useUserChange((status: 'active' | 'disabled') => settled(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: { status } })));
}

export function useApiKeys() {
  return useQuery({ queryKey: ['admin', 'api-keys'], queryFn: () => settled(api.GET('/api/v1/api-keys', { params: { query: { limit: ALL } } })).then((page) => page.items) });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateApiKeyDto']) => settled(api.POST('/api/v1/api-keys', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'api-keys'] }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => settled(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'api-keys'] }),
  });
}

export function useAlertRules(footprintId: string | undefined) {
  return useQuery({
    queryKey: ['admin', 'alert-rules', footprintId],
    enabled: Boolean(footprintId),
    queryFn: () => settled(api.GET('/api/v1/footprints/{footprintId}/alert-rules', { params: { path: { footprintId: footprintId! } } })).then((list) => list.items),
  });
}

export function useUpdateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ruleId, ...body }: { ruleId: string } & Schemas['UpdateAlertRuleDto']) => settled(api.PATCH('/api/v1/alert-rules/{ruleId}', { params: { path: { ruleId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'alert-rules'] }),
  });
}

/** One page of the audit log; a refused filter (e.g. a malformed action) comes back as its problem. */
export function useAuditEntries(filters: AuditFilters) {
  return useQuery({
    queryKey: ['admin', 'audit', filters],
    retry: false,
    queryFn: () => settled(api.GET('/api/v1/audit-entries', { params: { query: { ...filters, limit: 25 } } })),
  });
}

export type Webhook = Schemas['WebhookDto'];

export function useWebhooks(footprintId: string | undefined) {
  return useQuery({
    queryKey: ['admin', 'webhooks', footprintId],
    enabled: Boolean(footprintId),
    queryFn: () => settled(api.GET('/api/v1/footprints/{footprintId}/webhooks', { params: { path: { footprintId: footprintId! } } })).then((list) => list.items),
  });
}

export function useCreateWebhook(footprintId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateWebhookDto']) => settled(api.POST('/api/v1/footprints/{footprintId}/webhooks', { params: { path: { footprintId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'webhooks'] }),
  });
}

export function useRevokeWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) => settled(api.DELETE('/api/v1/webhooks/{webhookId}', { params: { path: { webhookId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'webhooks'] }),
  });
}

export function useWebhookDeliveries(webhookId: string, cursor: string) {
  return useQuery({
    queryKey: ['admin', 'webhooks', webhookId, 'deliveries', cursor],
    queryFn: () => settled(api.GET('/api/v1/webhooks/{webhookId}/deliveries', { params: { path: { webhookId }, query: { cursor: cursor || undefined, limit: 25 } } })),
  });
}

export type InstrumentVersion = Schemas['InstrumentSummaryDto'];

export function useInstruments() {
  return useQuery({ queryKey: ['admin', 'instruments'], queryFn: () => settled(api.GET('/api/v1/instruments', { params: { query: { limit: ALL } } })).then((page) => page.items) });
}

/** Sends an instrument written as JSON as it is: the API's validation names every field it refuses. */
export function useCreateInstrument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) => settled(api.POST('/api/v1/instruments', { body: body as Schemas['CreateInstrumentDto'] })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'instruments'] }),
  });
}

export function useMakeInstrumentDefault() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (instrumentId: string) => settled(api.POST('/api/v1/instruments/{instrumentId}/default', { params: { path: { instrumentId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'instruments'] }),
  });
}
