import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApi } from '../support/app';
import { asAdmin, createUser, uniqueEmail } from '../support/auth';
import { API } from '../support/factories-registry';
import { waitForMail } from '../support/mail';

/** Invitation and password-reset tokens reach their users by email through the same SMTP relay as alerts. */
describe('notifications: account emails', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startApi();
  });

  afterAll(async () => {
    await app.close();
  });

  const tokenIn = (text: string) => /^ {2}(\S{20,})$/m.exec(text)?.[1];

  it('emails an invitation whose token lets the invitee choose a password', async () => {
    const email = uniqueEmail('invitee');
    const invited = await (await asAdmin(app)).http.post(`${API}/users/invitations`).send({ email, displayName: 'Ivy Invitee', grants: [] }).expect(201);
    expect(invited.body.emailed).toBe(true);
    const [mail] = await waitForMail(email);
    expect(mail?.subject).toBe('You are invited to Partnership Pulse');
    expect(mail?.text).toContain('Dear Ivy Invitee,');
    const token = tokenIn(mail?.text ?? '');
    expect(token).toBe(invited.body.invitationToken);
    await request(app.getHttpServer()).post(`${API}/auth/invitations/accept`).send({ token, password: 'a passphrase from my email' }).expect(204);
  });

  it('emails a password reset to the user', async () => {
    const user = await createUser(app, [], uniqueEmail('forgetful'));
    const issued = await (await asAdmin(app)).http.post(`${API}/users/${user.id}/password-reset`).expect(201);
    expect(issued.body.emailed).toBe(true);
    const [mail] = await waitForMail(user.email);
    expect(mail?.subject).toBe('Reset your Partnership Pulse password');
    const token = tokenIn(mail?.text ?? '');
    await request(app.getHttpServer()).post(`${API}/auth/password-reset`).send({ token, newPassword: 'a brand new passphrase' }).expect(204);
  });
});
