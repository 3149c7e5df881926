import { expect, test } from '@playwright/test';
import { DEMO, openSession, type Session, screenshot, send, transcript, unique } from './support/app';

test('a group chat of three', async ({ browser }) => {
  const people: Session[] = [];
  try {
    const alice = await openSession(browser, DEMO.alice);
    const bob = await openSession(browser, DEMO.bob);
    const carol = await openSession(browser, DEMO.carol);
    people.push(alice, bob, carol);
    const title = unique('Launch plan');

    await test.step('Alice creates the group with Bob and Carol', async () => {
      await alice.page.getByRole('button', { name: 'New group' }).click();
      const dialog = alice.page.getByRole('dialog', { name: 'New group' });
      await dialog.getByLabel('Title').fill(title);
      await dialog.getByRole('checkbox', { name: 'Bob Baker' }).check();
      await dialog.getByRole('checkbox', { name: 'Carol Chen' }).check();
      await screenshot(alice.page, 'web-new-group-light');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await expect(dialog).toBeHidden();
      await expect(alice.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    });

    const lines = [unique('Kick-off at 10?'), unique('Works for me'), unique('Me too')];
    await send(alice.page, lines[0] ?? '');

    const groupRow = (person: Session) =>
      person.page
        .getByRole('list', { name: 'Conversations' })
        .getByRole('listitem', { name: new RegExp(`^${title}`) });
    for (const person of [bob, carol])
      await expect(groupRow(person)).toHaveAccessibleName(/, group, 1 unread, /);
    for (const [index, person] of [bob, carol].entries()) {
      await groupRow(person).click();
      await expect(transcript(person.page).getByText(lines[0] ?? '')).toBeVisible();
      await send(person.page, lines[index + 1] ?? '');
    }

    for (const person of people) {
      for (const line of lines) await expect(transcript(person.page).getByText(line)).toHaveCount(1);
    }
    await expect(transcript(alice.page).getByText('Carol Chen', { exact: true })).toBeVisible();
    await screenshot(alice.page, 'web-group-light');
  } finally {
    for (const person of people) await person.context.close();
  }
});
