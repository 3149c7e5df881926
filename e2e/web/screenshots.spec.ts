import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import {
  ARTIFACTS,
  contactRow,
  DEMO,
  DEMO_PASSWORD,
  openChatWith,
  openSession,
  type Session,
  screenshot,
  send,
  serverUrl,
  transcript,
} from './support/app';
import { REPO_ROOT } from './support/server-process';

// People no other spec uses, so their statuses and chats do not leak into other tests.
const { erin: ERIN, frank: FRANK, grace: GRACE, henry: HENRY } = DEMO;

async function setStatus(page: Page, label: string, message: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label });
  await page.getByRole('textbox', { name: 'Personal note' }).fill(message);
  await page.getByRole('textbox', { name: 'Personal note' }).press('Enter');
}

test('main screens in light and dark themes', async ({ browser }) => {
  const people: Session[] = [];
  try {
    const erin = await openSession(browser, ERIN);
    const frank = await openSession(browser, FRANK);
    const grace = await openSession(browser, GRACE);
    people.push(erin, frank, grace);
    await setStatus(frank.page, 'Busy', 'Quarterly planning until 3');
    await setStatus(grace.page, 'Do not disturb', 'Focus time');

    const henry = await openSession(browser, HENRY);
    people.push(henry);
    await setStatus(henry.page, 'Available', 'Release week — ping me for approvals');
    await expect(contactRow(henry.page, 'Frank Fischer')).toHaveAccessibleName(/Busy/);
    await expect(contactRow(henry.page, 'Grace Green')).toHaveAccessibleName(/Do not disturb/);

    await openChatWith(henry.page, 'Erin Evans');
    await openChatWith(erin.page, 'Henry Hughes');
    const lines: Array<[Session, string]> = [
      [erin, 'Morning Henry! Is the release review still on for 11?'],
      [henry, 'Yes, same room. The checklist is at https://example.com/release/checklist'],
      [erin, 'Great. I will bring the test report.\nTwo flaky suites left, both tracked.'],
      [henry, 'Perfect, thanks!'],
    ];
    for (const [person, text] of lines) {
      await send(person.page, text);
      await expect(transcript(henry.page).getByText(text.split('\n')[0] ?? text)).toBeVisible();
    }
    await expect(transcript(henry.page).getByText('Seen', { exact: true })).toBeVisible();
    await henry.page.mouse.move(0, 0);
    await screenshot(henry.page, 'web-conversation-light');
    mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
    copyFileSync(join(ARTIFACTS, 'web-conversation-light.png'), join(REPO_ROOT, 'docs/screenshot-light.png'));

    await henry.page.getByRole('button', { name: 'Settings' }).click();
    await expect(henry.page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    await screenshot(henry.page, 'web-settings-light');
    await henry.page.keyboard.press('Escape');

    const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    await darkPage.goto(serverUrl());
    await expect(darkPage.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await screenshot(darkPage, 'web-sign-in-dark');
    await darkPage.getByLabel('Email').fill(HENRY.email);
    await darkPage.getByLabel('Password').fill(DEMO_PASSWORD);
    await darkPage.getByRole('button', { name: 'Sign in' }).click();
    await openChatWith(darkPage, 'Erin Evans');
    await expect(transcript(darkPage).getByText('Perfect, thanks!')).toBeVisible();
    await darkPage.mouse.move(0, 0);
    await screenshot(darkPage, 'web-conversation-dark');
    await dark.close();

    const signIn = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const signInPage = await signIn.newPage();
    await signInPage.goto(serverUrl());
    await expect(signInPage.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await screenshot(signInPage, 'web-sign-in-light');
    await signIn.close();
  } finally {
    for (const person of people) await person.context.close();
  }
});
