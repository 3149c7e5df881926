import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO, openSession, type Session, screenshot, transcript, unique } from './support/app';
import { REPO_ROOT, ServerProcess } from './support/server-process';

const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');
const ADMIN_ENTRY = join(REPO_ROOT, 'server/src/cli/admin.ts');

test.describe('an alerting bot', () => {
  let server: ServerProcess;
  const people: Session[] = [];

  test.beforeAll(async () => {
    server = await ServerProcess.start();
  });

  test.afterAll(async () => {
    for (const person of people) await person.context.close();
    await server?.stop();
  });

  test('the bot sends to Alice over HTTP; her client shows it with the Bot badge', async ({ browser }) => {
    // `npm run admin -- bot add …` against the running server's data directory.
    const output = execFileSync(
      TSX,
      [
        ADMIN_ENTRY,
        '--data-dir',
        server.dataDir,
        'bot',
        'add',
        'alerts@acme.test',
        '--name',
        'Line 3 alerts',
      ],
      { encoding: 'utf8' },
    );
    const token = output.trimEnd().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const alice = await openSession(browser, DEMO.alice, { url: server.url });
    people.push(alice);
    const text = unique('Line 3: conveyor stopped');

    await test.step('the bot posts to Alice by e-mail', async () => {
      const response = await fetch(`${server.url}/api/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: DEMO.alice.email, clientId: 'alert-1', body: text }),
      });
      expect(response.status).toBe(201);
    });

    await test.step('Alice opens the new conversation and sees the message from a bot', async () => {
      const row = alice.page
        .getByRole('list', { name: 'Conversations' })
        .getByRole('listitem', { name: /^Line 3 alerts/ });
      await row.click();
      await expect(alice.page.getByRole('heading', { level: 1, name: 'Line 3 alerts, bot' })).toBeVisible();
      await expect(transcript(alice.page).getByText(text)).toBeVisible();
      const sender = transcript(alice.page).locator('.message__sender', { hasText: 'Line 3 alerts' });
      await expect(sender).toHaveText(/Line 3 alerts.*Bot/);
      await expect(sender.getByTestId('bot-badge')).toBeVisible();
      await screenshot(alice.page, 'web-bot-message-light');
    });

    await test.step('the directory marks the bot as a bot', async () => {
      await alice.page.getByPlaceholder('Search people').fill('Line 3');
      await expect(
        alice.page.getByRole('listitem', { name: /^Line 3 alerts, bot, Available/ }).first(),
      ).toBeVisible();
    });
  });
});
