import { expect, test } from '@playwright/test';
import {
  conversationRow,
  DEMO,
  openChatWith,
  openSession,
  type Session,
  send,
  transcript,
  unique,
} from './support/app';
import { ServerProcess } from './support/server-process';

test.describe('server restart mid-conversation', () => {
  let server: ServerProcess;
  const people: Session[] = [];

  test.beforeAll(async () => {
    server = await ServerProcess.start();
  });

  test.afterAll(async () => {
    for (const person of people) await person.context.close();
    await server?.stop();
  });

  test('messages sent during the outage arrive exactly once', async ({ browser }) => {
    const alice = await openSession(browser, DEMO.alice, { url: server.url });
    const bob = await openSession(browser, DEMO.bob, { url: server.url });
    people.push(alice, bob);

    const before = unique('Before the outage');
    await openChatWith(alice.page, 'Bob Baker');
    await send(alice.page, before);
    await conversationRow(bob.page, 'Alice Archer').click();
    await expect(transcript(bob.page).getByText(before)).toBeVisible();

    await server.kill();
    for (const person of [alice, bob]) {
      await expect(person.page.getByRole('status', { name: 'Reconnecting…' })).toBeVisible();
    }

    const fromAlice = [unique('Sent while down 1'), unique('Sent while down 2')];
    const fromBob = unique('Bob also wrote while down');
    for (const text of fromAlice) await send(alice.page, text);
    await send(bob.page, fromBob);
    await expect(transcript(alice.page).getByText('Sending…')).toHaveCount(2);

    await server.restart();
    for (const person of [alice, bob]) {
      await expect(person.page.getByRole('status', { name: 'Reconnecting…' })).toBeHidden({
        timeout: 30_000,
      });
    }

    for (const person of [alice, bob]) {
      for (const text of [before, ...fromAlice, fromBob]) {
        await expect(transcript(person.page).getByText(text)).toHaveCount(1);
      }
    }
    await expect(transcript(alice.page).getByText('Sending…')).toHaveCount(0);

    // A reload shows what the server stored: still exactly once, in the order written.
    await alice.page.reload();
    await expect(alice.page.getByRole('heading', { level: 1, name: 'Bob Baker' })).toBeHidden();
    await openChatWith(alice.page, 'Bob Baker');
    for (const text of [before, ...fromAlice, fromBob]) {
      await expect(transcript(alice.page).getByText(text)).toHaveCount(1);
    }
    const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\#]/g, '\\$&');
    await expect(transcript(alice.page)).toHaveText(
      new RegExp(fromAlice.map(escapeRegExp).join('[\\s\\S]*')),
    );
  });
});
