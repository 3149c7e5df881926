import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';
import { createPortal } from 'react-dom';

type Announce = (text: string) => void;

const AnnounceContext = createContext<Announce | null>(null);

interface Announcement {
  id: number;
  text: string;
}

/**
 * The app's one polite live region: screen readers read what is announced when they are idle,
 * without moving focus. Visually hidden.
 */
export function LiveAnnouncerProvider({ children }: { children: ReactNode }) {
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const announce = useCallback<Announce>((text) => {
    setAnnouncement((previous) => ({ id: (previous?.id ?? 0) + 1, text }));
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      {createPortal(
        <div
          className="visually-hidden live-announcer"
          role="status"
          aria-live="polite"
          aria-atomic="true"
          data-live-layer=""
        >
          {/* A new node per announcement, so the same words twice are read twice. */}
          {announcement && <span key={announcement.id}>{announcement.text}</span>}
        </div>,
        document.body,
      )}
    </AnnounceContext.Provider>
  );
}

const announceNowhere: Announce = () => {};

/** Announces a text politely; outside a provider (some component tests) it announces nothing. */
export function useAnnounce(): Announce {
  return useContext(AnnounceContext) ?? announceNowhere;
}
