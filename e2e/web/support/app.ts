import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, expect, type Locator, type Page } from '@playwright/test';
import { REPO_ROOT } from './server-process';

export const DEMO_PASSWORD = 'beacon-demo';
export const ARTIFACTS = join(REPO_ROOT, 'e2e/artifacts');

export interface DemoUser {
  email: string;
  name: string;
}

/** The server's --demo organisation (password beacon-demo). */
export const DEMO = {
  alice: { email: 'alice@acme.test', name: 'Alice Archer' },
  bob: { email: 'bob@acme.test', name: 'Bob Baker' },
  carol: { email: 'carol@acme.test', name: 'Carol Chen' },
  dave: { email: 'dave@acme.test', name: 'Dave Diaz' },
  erin: { email: 'erin@acme.test', name: 'Erin Evans' },
  frank: { email: 'frank@acme.test', name: 'Frank Fischer' },
  grace: { email: 'grace@acme.test', name: 'Grace Green' },
  henry: { email: 'henry@acme.test', name: 'Henry Hughes' },
} as const satisfies Record<string, DemoUser>;

/** One signed-in person in their own browser context (own storage, own socket). */
export interface Session {
  user: DemoUser;
  context: BrowserContext;
  page: Page;
}

export function serverUrl(): string {
  const url = process.env.BEACON_E2E_URL;
  if (!url) throw new Error('BEACON_E2E_URL is not set: the web global setup did not run.');
  return url;
}

export async function signIn(page: Page, user: DemoUser, url = serverUrl()): Promise<void> {
  await page.goto(url);
  await expect(page.getByLabel('Server')).toHaveValue(url);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('combobox', { name: 'Status' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Contacts' })).toBeVisible();
}

export async function openSession(
  browser: Browser,
  user: DemoUser,
  options: { url?: string; colorScheme?: 'light' | 'dark' } = {},
): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  await signIn(page, user, options.url);
  return { user, context, page };
}

export function contactRow(page: Page, name: string): Locator {
  return page
    .getByRole('list', { name: 'Contacts' })
    .getByRole('listitem', { name: new RegExp(`^${name},`) });
}

export function conversationRow(page: Page, title: string): Locator {
  return page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('listitem', { name: new RegExp(`^${title},`) });
}

export function transcript(page: Page): Locator {
  return page.getByRole('log');
}

export function composer(page: Page): Locator {
  // Deliberately not exact: "Message" must name one textbox only.
  return page.getByRole('textbox', { name: 'Message' });
}

export async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue('');
}

/** Opens the direct conversation with someone from the contact list. */
export async function openChatWith(page: Page, name: string): Promise<void> {
  await contactRow(page, name).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** A text unique to this run, so assertions never match leftovers of earlier tests on the same server. */
export function unique(text: string): string {
  return `${text} #${Math.random().toString(36).slice(2, 7)}`;
}
