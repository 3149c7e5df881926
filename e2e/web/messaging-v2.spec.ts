import { expect, type Locator, type Page, test } from '@playwright/test';
import {
  composer,
  DEMO,
  openChatWith,
  openSession,
  type Session,
  send,
  transcript,
  unique,
} from './support/app';

/** The transcript row (focusable message) that shows `text`. */
function message(page: Page, text: string): Locator {
  return transcript(page).locator('.message', { hasText: text }).last();
}

async function action(page: Page, text: string, name: string): Promise<void> {
  const row = message(page, text);
  await row.hover();
  await row.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name }).click();
}

test('two people reply, react, edit, delete, mention and search', async ({ browser }) => {
  const people: Session[] = [];
  try {
    const alice = await openSession(browser, DEMO.alice);
    const bob = await openSession(browser, DEMO.bob);
    people.push(alice, bob);
    const question = unique('@bob can you review the budget');
    const typo = unique('Teh numbers are final');
    const fixed = typo.replace('Teh', 'The');
    const oops = unique('Wrong chat, sorry');

    await test.step('Alice mentions Bob; his mention is highlighted', async () => {
      await openChatWith(alice.page, DEMO.bob.name);
      await send(alice.page, question);
      await send(alice.page, typo);
      await send(alice.page, oops);
      await openChatWith(bob.page, DEMO.alice.name);
      await expect(message(bob.page, question).locator('.mention[data-me]')).toHaveText('@bob');
    });

    const answer = unique('Sure, on it');
    await test.step('Bob replies; both see the quote', async () => {
      const row = message(bob.page, question);
      await row.hover();
      await row.getByRole('button', { name: 'Reply' }).click();
      await expect(bob.page.locator('.composer__reply')).toContainText('can you review the budget');
      await send(bob.page, answer);
      await expect(bob.page.locator('.composer__reply')).toHaveCount(0);
      for (const person of people) {
        await expect(message(person.page, answer).locator('.reply-quote')).toContainText('can you review');
      }
    });

    await test.step('Bob reacts; Alice sees who reacted', async () => {
      const row = message(bob.page, typo);
      await row.hover();
      await row.getByRole('button', { name: 'Add reaction' }).click();
      await bob.page.getByRole('button', { name: 'React with 👍' }).click();
      await expect(message(alice.page, typo).getByRole('button', { name: '👍 1: Bob Baker' })).toBeVisible();
      await expect(message(bob.page, typo).getByRole('button', { name: /^👍 1: You/ })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
    });

    await test.step('Alice edits her typo; Bob sees the new text marked edited', async () => {
      await action(alice.page, typo, 'Edit');
      const editor = alice.page.getByRole('textbox', { name: 'Edit message' });
      await editor.fill(fixed);
      await editor.press('Enter');
      await expect(message(bob.page, fixed)).toContainText('(edited)');
      await expect(transcript(bob.page).getByText(typo)).toHaveCount(0);
    });

    await test.step('Alice deletes a message after confirming; it becomes a tombstone', async () => {
      await action(alice.page, oops, 'Delete');
      await alice.page
        .getByRole('dialog', { name: 'Delete message?' })
        .getByRole('button', { name: 'Delete' })
        .click();
      await expect(transcript(bob.page).getByText(oops)).toHaveCount(0);
      await expect(transcript(bob.page).getByText('This message was deleted').last()).toBeVisible();
    });

    await test.step('Bob searches the conversation (Ctrl+F) and jumps to the hit', async () => {
      await composer(bob.page).click();
      await bob.page.keyboard.press('Control+f');
      const dialog = bob.page.getByRole('dialog', { name: /^Search in / });
      const word = fixed.split('#')[1] ?? '';
      await dialog.getByRole('combobox').fill(word);
      const hit = dialog.getByRole('option').first();
      await expect(hit.locator('mark')).toContainText(word);
      await dialog.getByRole('combobox').press('Enter');
      await expect(dialog).toBeHidden();
      await expect(message(bob.page, fixed)).toBeFocused();
    });
  } finally {
    for (const person of people) await person.context.close();
  }
});
