import '../../test/setup';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setupSignedIn } from '../../test/render';
import { MyStatus } from './MyStatus';

describe('MyStatus', () => {
  it('offers the five statuses under "Status" and sets the chosen one', async () => {
    const ctx = await setupSignedIn();
    const user = userEvent.setup();
    ctx.renderUi(<MyStatus onOpenSettings={() => undefined} onSignOut={() => undefined} />);
    const select = screen.getByRole('combobox', { name: 'Status' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Available', 'Busy', 'Do not disturb', 'Away', 'Appear offline']);
    await user.selectOptions(select, 'Busy');
    expect(ctx.socket.sent('presence:set')[0]?.payload).toEqual({ status: 'busy' });
    await screen.findByDisplayValue('Busy');
  });

  it('edits the status message with a counter and saves it on Enter', async () => {
    const ctx = await setupSignedIn();
    const user = userEvent.setup();
    ctx.renderUi(<MyStatus onOpenSettings={() => undefined} onSignOut={() => undefined} />);
    const field = screen.getByRole('textbox', { name: 'Personal note' });
    expect(field).toHaveAttribute('maxLength', '140');
    await user.type(field, 'In a meeting');
    expect(screen.getByText('12/140')).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(ctx.socket.sent('presence:set')[0]?.payload).toEqual({
      status: 'available',
      message: 'In a meeting',
    });
  });

  it('has Settings and Sign out buttons', async () => {
    const ctx = await setupSignedIn();
    ctx.renderUi(<MyStatus onOpenSettings={() => undefined} onSignOut={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });
});
