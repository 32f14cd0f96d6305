import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApi } from '../support/app';
import { asAdmin, createUser, uniqueClientIp, uniqueEmail } from '../support/auth';
import { API } from '../support/factories-registry';
import { appUrlOf, linkIn, mailTo, waitForMail } from '../support/mail';

/** Invitation and password-reset links reach their users by email through the same SMTP relay as alerts. */
describe('notifications: account emails', () => {
  let app: INestApplication;
  let appUrl: string;

  beforeAll(async () => {
    app = await startApi();
    appUrl = appUrlOf(app);
  });

  afterAll(async () => {
    await app.close();
  });

  /** The token a link carries in its fragment, where browsers keep it from servers. */
  const tokenOf = (url: string) => decodeURIComponent(new URL(url).hash.slice(1));

  it('emails an invitation whose link lets the invitee choose a password in the web app', async () => {
    const email = uniqueEmail('invitee');
    const invited = await (await asAdmin(app)).http.post(`${API}/users/invitations`).send({ email, displayName: 'Ivy <Invitee>', grants: [] }).expect(201);
    expect(invited.body.emailed).toBe(true);
    const [mail] = await waitForMail(email);
    expect(mail?.subject).toBe('You are invited to Partnership Pulse');
    expect(mail?.text).toContain('Dear Ivy <Invitee>,');
    expect(mail?.html).toContain('Dear Ivy &lt;Invitee&gt;,');
    expect(mail?.text).not.toContain('/api/v1');
    const link = linkIn(mail, appUrl, 'account/accept-invitation#');
    expect(tokenOf(link)).toBe(invited.body.invitationToken);
    expect(invited.body.invitationUrl).toBe(link);
    expect(mail?.text).toContain(`sign in at ${appUrl}/sign-in.`);
    await request(app.getHttpServer()).post(`${API}/auth/invitations/accept`).send({ token: tokenOf(link), password: 'a passphrase from my email' }).expect(204);
  });

  it('emails a password reset an admin issued to the user', async () => {
    const user = await createUser(app, [], uniqueEmail('forgetful'));
    const issued = await (await asAdmin(app)).http.post(`${API}/users/${user.id}/password-reset`).expect(201);
    expect(issued.body.emailed).toBe(true);
    const [mail] = await waitForMail(user.email);
    expect(mail?.subject).toBe('Reset your Partnership Pulse password');
    expect(mail?.text).toContain('An administrator issued a password reset');
    const link = linkIn(mail, appUrl, 'account/reset-password#');
    expect(tokenOf(link)).toBe(issued.body.resetToken);
    expect(issued.body.resetUrl).toBe(link);
    await request(app.getHttpServer()).post(`${API}/auth/password-reset`).send({ token: tokenOf(link), newPassword: 'a brand new passphrase' }).expect(204);
  });

  describe('forgot your password', () => {
    const ask = (email: string) => request(app.getHttpServer()).post(`${API}/auth/password-reset/request`).set('X-Forwarded-For', uniqueClientIp()).send({ email });

    it('emails an active user a link that sets a new password, and answers the same for any address', async () => {
      const user = await createUser(app, [], uniqueEmail('self-service'));
      const invitee = uniqueEmail('not-yet');
      await (await asAdmin(app)).http.post(`${API}/users/invitations`).send({ email: invitee, displayName: 'Not Yet', grants: [] }).expect(201);
      const unknown = uniqueEmail('nobody');
      for (const email of [unknown, invitee, user.email.toUpperCase()]) {
        const res = await ask(email).expect(202);
        expect(res.text).toBe('');
      }
      const [mail] = await waitForMail(user.email);
      expect(mail?.subject).toBe('Reset your Partnership Pulse password');
      expect(mail?.text).toContain('asked to reset the password of your account');
      const link = linkIn(mail, appUrl, 'account/reset-password#');
      await request(app.getHttpServer()).post(`${API}/auth/password-reset`).send({ token: tokenOf(link), newPassword: 'remembered at last' }).expect(204);
      await request(app.getHttpServer()).post(`${API}/auth/login`).send({ email: user.email, password: 'remembered at last' }).expect(200);
      // Used once only.
      const again = await request(app.getHttpServer()).post(`${API}/auth/password-reset`).send({ token: tokenOf(link), newPassword: 'remembered at last' }).expect(400);
      expect(again.body.errors).toEqual([{ field: 'token', problem: 'is invalid, already used or expired' }]);
      // The invitee got only the invitation; the unknown address nothing.
      expect((await mailTo(invitee)).map((m) => m.subject)).toEqual(['You are invited to Partnership Pulse']);
      expect(await mailTo(unknown)).toEqual([]);
    });

    it('refuses a malformed address by name', async () => {
      const res = await ask('not an email').expect(400);
      expect(res.body.errors).toEqual([{ field: 'email', problem: expect.stringMatching(/email/) }]);
    });
  });
});
