import { createHmac } from 'node:crypto';
import type { Alert } from '../alerts/alert.entity';
import { alertEmail, invitationEmail, webhookBody, webhookSignature } from './messages';

const alert = {
  id: 'a0000000-0000-4000-8000-000000000001',
  footprintId: 'f0000000-0000-4000-8000-000000000001',
  roundId: 'r0000000-0000-4000-8000-000000000001',
  period: '2026-Q4',
  kind: 'dyad_decline',
  severity: 'warning',
  subject: 'dyad:x>y',
  subjectLabel: 'Wirral Council → Wirral University Teaching Hospital',
  summary: 'Wirral Council → Wirral University Teaching Hospital fell 12.0 points and is in concern at 45.0',
  details: { mean: 45, delta: -12, pValue: 0.01234, band: 'concern', previousBand: null },
  status: 'open',
  raisedAt: new Date('2026-12-20T10:00:00Z'),
} as unknown as Alert;
const context = { footprintName: 'Cheshire and Merseyside', footprintCode: 'QYG' };
const sending = { appUrl: 'https://pulse.example.nhs.uk', from: 'Partnership Pulse <pulse@pulse.example>' };

describe('notification messages', () => {
  it('writes an email a lead can act on', () => {
    const email = alertEmail(alert, context, { email: 'lead@nhs.example', displayName: 'Sam Lead' }, 'n-1', sending);
    expect(email.to).toBe('lead@nhs.example');
    expect(email.subject).toBe(`[Partnership Pulse] Warning: ${alert.summary} (QYG, 2026-Q4)`);
    expect(email.messageId).toBe('<n-1@pulse.example>');
    expect(email.text).toContain('Dear Sam Lead,');
    expect(email.text).toContain('Warning alert for Cheshire and Merseyside (QYG), round 2026-Q4:');
    expect(email.text).toContain('  - pValue: 0.012');
    expect(email.text).not.toContain('previousBand');
    expect(email.text).toContain(`Acknowledge or resolve the alert in Partnership Pulse:\nhttps://pulse.example.nhs.uk/alerts/${alert.id}`);
    expect(email.text).toContain(`https://pulse.example.nhs.uk/rounds/${alert.roundId}`);
    expect(email.text).not.toContain('/api/v1');
    expect(email.html).toContain(`<a href="https://pulse.example.nhs.uk/alerts/${alert.id}"`);
    expect(email.html).toContain('Wirral Council → Wirral University Teaching Hospital');
  });

  it('escapes what users named in the HTML part', () => {
    const hostile = { ...alert, subjectLabel: '<script>alert(1)</script>' } as unknown as Alert;
    const email = alertEmail(hostile, { footprintName: 'A & B <i>', footprintCode: 'QYG' }, { email: 'lead@nhs.example', displayName: '"Sam"' }, 'n-1', sending);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Subject: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('A &amp; B &lt;i&gt;');
    expect(email.html).toContain('Dear &quot;Sam&quot;,');
  });

  it('gives webhooks the alert as JSON under the notification id', () => {
    expect(JSON.parse(webhookBody(alert, context, 'n-2'))).toEqual({
      id: 'n-2',
      event: 'alert.raised',
      alert: expect.objectContaining({ id: alert.id, rule: 'dyad_decline', footprint: { id: alert.footprintId, code: 'QYG', name: 'Cheshire and Merseyside' }, round: { id: alert.roundId, period: '2026-Q4' } }),
    });
  });

  it('signs timestamp.body with HMAC-SHA256', () => {
    const expected = createHmac('sha256', 'secret').update('1700000000.{"a":1}').digest('hex');
    expect(webhookSignature('secret', '1700000000', '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('invites a submitter to a round, or reminds them, with where to answer', () => {
    const context = { period: '2026-Q3', closesAt: new Date('2026-09-30T17:00:00Z'), footprintName: 'Cheshire and Merseyside', footprintCode: 'QYG', organisationName: 'Wirral Council', invitationId: 'i-1' };
    const submitter = { email: 'cfo@wirral.example', displayName: 'Chris' };
    const open = invitationEmail('open', context, submitter, 'job.user', { appUrl: 'https://pulse.example.nhs.uk', from: 'pulse@pulse.example' });
    expect(open).toMatchObject({ to: 'cfo@wirral.example', subject: '[Partnership Pulse] The 2026-Q3 pulse of Cheshire and Merseyside is open', messageId: '<job.user@pulse.example>' });
    expect(open.text).toContain('Wirral Council is invited to answer it until 2026-09-30T17:00:00.000Z.');
    expect(open.text).toContain('Answer the 2026-Q3 pulse for Wirral Council:\nhttps://pulse.example.nhs.uk/invitations/i-1');
    expect(open.html).toContain('<a href="https://pulse.example.nhs.uk/invitations/i-1"');
    expect(open.text).not.toContain('/api/v1');
    expect(invitationEmail('reminder', context, submitter, 'job.user', sending).subject).toBe('[Partnership Pulse] Reminder: the 2026-Q3 pulse of Cheshire and Merseyside closes soon');
  });
});
