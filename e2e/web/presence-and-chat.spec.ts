import { expect, test } from '@playwright/test';
import {
  composer,
  contactRow,
  conversationRow,
  DEMO,
  openChatWith,
  openSession,
  type Session,
  screenshot,
  send,
  transcript,
  unique,
} from './support/app';

test.describe('two people: presence and chat', () => {
  let alice: Session;
  let bob: Session;

  test.beforeAll(async ({ browser }) => {
    alice = await openSession(browser, DEMO.alice);
    bob = await openSession(browser, DEMO.bob);
  });

  test.afterAll(async () => {
    await alice?.context.close();
    await bob?.context.close();
  });

  test('each sees the other Available', async () => {
    await expect(contactRow(alice.page, 'Bob Baker')).toHaveAccessibleName(/^Bob Baker, Available/);
    await expect(contactRow(bob.page, 'Alice Archer')).toHaveAccessibleName(/^Alice Archer, Available/);
    await screenshot(alice.page, 'web-main-light');
  });

  test('Bob sets Busy with a message and Alice sees it change', async () => {
    const note = unique('In a meeting');
    await bob.page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Busy' });
    const field = bob.page.getByRole('textbox', { name: 'Personal note' });
    await field.fill(note);
    await expect(bob.page.getByText(`${note.length}/140`)).toBeVisible();
    await field.press('Enter');
    await expect(contactRow(alice.page, 'Bob Baker')).toHaveAccessibleName(`Bob Baker, Busy, ${note}`);
    await expect(contactRow(alice.page, 'Bob Baker').getByText('Busy', { exact: true })).toBeVisible();

    await bob.page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Available' });
    await expect(contactRow(alice.page, 'Bob Baker')).toHaveAccessibleName(`Bob Baker, Available, ${note}`);
  });

  test('they chat both ways, with typing indicator, unread counts and Seen', async () => {
    const hello = unique('Hi Bob, got a minute?');
    const reply = unique('Sure, what is up?');
    const later1 = unique('One more thing');
    const later2 = unique('see https://example.com/plan');

    await test.step('Alice writes to Bob', async () => {
      await openChatWith(alice.page, 'Bob Baker');
      await send(alice.page, hello);
      await expect(transcript(alice.page).getByText(hello)).toBeVisible();
    });

    await test.step('Bob sees one unread message and opens it; Alice sees Seen', async () => {
      await expect(conversationRow(bob.page, 'Alice Archer')).toHaveAccessibleName(/, 1 unread, /);
      await expect(conversationRow(bob.page, 'Alice Archer')).toHaveAccessibleName(
        new RegExp(hello.replace(/[?#]/g, '.')),
      );
      await conversationRow(bob.page, 'Alice Archer').click();
      await expect(transcript(bob.page).getByText(hello)).toBeVisible();
      await expect(conversationRow(bob.page, 'Alice Archer')).not.toHaveAccessibleName(/unread/);
      await expect(transcript(alice.page).getByText('Seen', { exact: true })).toBeVisible();
    });

    await test.step('Bob types (Alice sees it) and replies', async () => {
      await composer(bob.page).pressSequentially('Sure', { delay: 20 });
      await expect(alice.page.getByText('Bob is typing…')).toBeVisible();
      await composer(bob.page).fill(reply);
      await composer(bob.page).press('Enter');
      await expect(transcript(alice.page).getByText(reply)).toBeVisible();
      await expect(alice.page.getByText('Bob is typing…')).toBeHidden();
      await screenshot(alice.page, 'web-conversation-light');
    });

    await test.step('Shift+Enter makes a new line instead of sending', async () => {
      await composer(alice.page).fill('line one');
      await composer(alice.page).press('Shift+Enter');
      await composer(alice.page).pressSequentially('line two');
      await expect(composer(alice.page)).toHaveValue('line one\nline two');
      await composer(alice.page).fill('');
    });

    await test.step('while Alice looks elsewhere, Bob writes twice: 2 unread', async () => {
      await openChatWith(alice.page, 'Carol Chen');
      await send(bob.page, later1);
      await send(bob.page, later2);
      await expect(conversationRow(alice.page, 'Bob Baker')).toHaveAccessibleName(/^Bob Baker, 2 unread, /);
      await conversationRow(alice.page, 'Bob Baker').click();
      await expect(transcript(alice.page).getByText(later1)).toBeVisible();
      await expect(conversationRow(alice.page, 'Bob Baker')).not.toHaveAccessibleName(/unread/);
      await expect(
        transcript(alice.page).getByRole('link', { name: 'https://example.com/plan' }),
      ).toBeVisible();
    });
  });

  test('directory search finds a colleague to message', async () => {
    await alice.page.getByRole('textbox', { name: 'Search people' }).fill('Dave');
    const result = alice.page
      .getByRole('region', { name: 'Search results' })
      .getByRole('listitem', { name: /^Dave Diaz,/ });
    await expect(result).toBeVisible();
    await expect(result.getByRole('button', { name: 'Message' })).toBeVisible();
    await screenshot(alice.page, 'web-search-light');
    await result.getByRole('button', { name: 'Message' }).click();
    await expect(alice.page.getByRole('heading', { level: 1, name: 'Dave Diaz' })).toBeVisible();
    await expect(alice.page.getByRole('textbox', { name: 'Search people' })).toHaveValue('');
  });

  test('the quick switcher opens with Ctrl+K and closes with Esc', async () => {
    await alice.page.keyboard.press('Control+k');
    const dialog = alice.page.getByRole('dialog', { name: 'Quick switcher' });
    await expect(dialog).toBeVisible();
    await alice.page.keyboard.type('Bob');
    await expect(dialog.getByRole('option', { name: /Bob Baker/ })).toBeVisible();
    await alice.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('the recording notice shows until Got it, stays acknowledged after a reload, and is in About', async () => {
    const text = 'Messages in this organisation are recorded.';
    const notice = bob.page.getByRole('region', { name: 'Recording' });
    await expect(notice).toContainText(text);
    await expect(bob.page.locator('.recording-notice :focus')).toHaveCount(0);
    await notice.getByRole('button', { name: 'Got it' }).click();
    await expect(notice).toBeHidden();

    await bob.page.reload();
    await expect(contactRow(bob.page, 'Alice Archer')).toBeVisible();
    await bob.page.getByRole('button', { name: 'Settings' }).click();
    await bob.page.getByRole('button', { name: 'About Beacon' }).click();
    const about = bob.page.getByRole('dialog', { name: 'About Beacon' });
    await expect(about).toContainText(text);
    await expect(notice).toBeHidden();
    await about.getByRole('button', { name: 'Done' }).click();
    await expect(bob.page.getByRole('button', { name: 'About Beacon' })).toBeFocused();
    await bob.page.keyboard.press('Escape');
    await expect(bob.page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
  });
});
