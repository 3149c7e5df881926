import '../../test/setup';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { setupSignedIn } from '../../test/render';
import { DirectorySearch } from './DirectorySearch';
import { SearchResults } from './SearchResults';

beforeEach(() => act(() => applyLanguageSetting('de')));
afterEach(() => act(() => applyLanguageSetting('system')));

function Search() {
  const [query, setQuery] = useState('');
  return (
    <>
      <DirectorySearch query={query} onQueryChange={setQuery} />
      {query.trim() && <SearchResults scope="sidebar" pendingQuery={query} onOpened={() => undefined} />}
    </>
  );
}

describe('directory search in German', () => {
  it('searches and offers the actions in German', async () => {
    const ctx = await setupSignedIn();
    ctx.renderUi(<Search />);
    const box = screen.getByRole('textbox', { name: 'Personen suchen' });
    expect(box).toHaveAttribute('placeholder', 'Personen suchen');
    await userEvent.type(box, 'bob');
    expect(await screen.findByRole('region', { name: 'Suchergebnisse' })).toBeInTheDocument();
    expect(await screen.findByText('1 Person')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Nachricht' })).toHaveAttribute(
      'title',
      'Nachricht an Bob Baker',
    );
  });
});
