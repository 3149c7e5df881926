import { useEffect, useId, useState } from 'react';
import type { LanguageSetting } from '../../../../common/i18n';
import { useBridge } from '../../app/context';
import type { SettingKey, SettingsView, UserSettings } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { useTranslation } from '../../i18n';
import { AboutDialog } from '../about/AboutDialog';
import './settings.css';

type BooleanSettingKey = { [K in SettingKey]: UserSettings[K] extends boolean ? K : never }[SettingKey];

const DESKTOP_ONLY: readonly SettingKey[] = [
  'launchAtLogin',
  'startHidden',
  'flashTaskbar',
  'autoUpdate',
  'dndDuringOsFocus',
];

interface PermissionAware {
  requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'>;
  notificationPermission(): NotificationPermission | 'unsupported';
}

function hasPermissionApi(value: object): value is PermissionAware {
  return 'requestNotificationPermission' in value && 'notificationPermission' in value;
}

/** Settings from the host, each disabled with "Managed by your organisation" when a policy fixes it. */
export function SettingsDialog({ onClose }: { onClose(): void }) {
  const bridge = useBridge();
  const { t } = useTranslation();
  const [view, setView] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [idleDraft, setIdleDraft] = useState<string | null>(null);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [permission, setPermission] = useState<string | null>(
    hasPermissionApi(bridge) ? bridge.notificationPermission() : null,
  );
  const ids = {
    idle: useId(),
    from: useId(),
    to: useId(),
    idleError: useId(),
    note: useId(),
    idleScope: useId(),
    language: useId(),
  };

  useEffect(() => {
    let live = true;
    bridge
      .getSettings()
      .then((settings) => live && setView(settings))
      .catch(
        (failure: unknown) =>
          live && setError(failure instanceof Error ? failure.message : t('settings.readFailed')),
      );
    const unsubscribe = bridge.onSettingsChanged((settings) => setView(settings));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [bridge, t]);

  const update = (patch: Partial<UserSettings>) => {
    setError(null);
    bridge
      .updateSettings(patch)
      .then(setView)
      .catch((failure: unknown) =>
        setError(failure instanceof Error ? failure.message : 'Could not save the setting.'),
      );
  };

  // Locked by any policy source (policy file, Windows registry, macOS profile): the host lists it
  // in `locked`, and in `lockedBy` says which source, shown as the note's tooltip.
  const noteId = (key: SettingKey) => `${ids.note}-${key}`;
  const hasNote = (key: SettingKey) =>
    Boolean(view?.locked.includes(key)) || (bridge.host === 'web' && DESKTOP_ONLY.includes(key));
  const describedBy = (key: SettingKey, ...others: (string | undefined)[]) =>
    [hasNote(key) ? noteId(key) : undefined, ...others].filter(Boolean).join(' ') || undefined;
  const lockedNote = (key: SettingKey) => {
    if (view?.locked.includes(key)) {
      const source = view.lockedBy?.[key];
      return (
        <span
          id={noteId(key)}
          className="settings__locked"
          title={source ? `Set by the ${source}` : undefined}
        >
          Managed by your organisation
        </span>
      );
    }
    if (bridge.host === 'web' && DESKTOP_ONLY.includes(key)) {
      return (
        <span id={noteId(key)} className="settings__locked">
          Available in the desktop app
        </span>
      );
    }
    return null;
  };
  const isDisabled = (key: SettingKey) =>
    !view || view.locked.includes(key) || (bridge.host === 'web' && DESKTOP_ONLY.includes(key));

  const toggleNotifications = async (enabled: boolean) => {
    if (enabled && hasPermissionApi(bridge) && bridge.notificationPermission() === 'default') {
      setPermission(await bridge.requestNotificationPermission());
    }
    update({ notificationsEnabled: enabled });
  };

  const values = view?.values;
  const idleValue = idleDraft ?? String(values?.idleMinutes ?? '');
  const idleNumber = Number(idleValue);
  const idleInvalid =
    idleDraft !== null && (!Number.isInteger(idleNumber) || idleNumber < 1 || idleNumber > 240);

  const commitIdle = () => {
    if (idleDraft === null || idleInvalid) return;
    update({ idleMinutes: idleNumber });
    setIdleDraft(null);
  };

  const setFlag = (key: BooleanSettingKey, value: boolean) => {
    const patch: Partial<UserSettings> = {};
    patch[key] = value;
    update(patch);
  };

  const checkbox = (key: BooleanSettingKey, label: string, onChange?: (value: boolean) => void) => {
    const value = values?.[key];
    return (
      <div className="settings__row">
        <label className="check">
          <input
            type="checkbox"
            checked={value === true}
            disabled={isDisabled(key)}
            aria-describedby={describedBy(key)}
            onChange={(event) =>
              onChange ? onChange(event.target.checked) : setFlag(key, event.target.checked)
            }
          />
          {label}
        </label>
        {lockedNote(key)}
      </div>
    );
  };

  return (
    <Dialog
      title={t('settings.title')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button settings__about" onClick={() => setAboutOpen(true)}>
            {t('about.open')}
          </button>
          <button type="button" className="button button--primary" onClick={onClose}>
            {t('common.done')}
          </button>
          {/* Nested over Settings (its own portal), so Done comes back here. */}
          {aboutOpen && <AboutDialog onClose={() => setAboutOpen(false)} />}
        </>
      }
    >
      {!view && !error && (
        <p className="muted">
          <span className="spinner" aria-hidden="true" /> {t('settings.loading')}
        </p>
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {values && (
        <div className="settings">
          <fieldset className="settings__group">
            <legend>{t('settings.general')}</legend>
            <div className="settings__field">
              <label htmlFor={ids.language}>{t('settings.language')}</label>
              <select
                id={ids.language}
                className="input"
                value={values.language}
                disabled={isDisabled('language')}
                aria-describedby={describedBy('language')}
                onChange={(event) => update({ language: event.target.value as LanguageSetting })}
              >
                <option value="system">{t('settings.languageSystem')}</option>
                <option value="en" lang="en">
                  {t('settings.languageEn')}
                </option>
                <option value="de" lang="de">
                  {t('settings.languageDe')}
                </option>
              </select>
              {lockedNote('language')}
            </div>
          </fieldset>
          <fieldset className="settings__group">
            <legend>{t('settings.presence')}</legend>
            <div className="settings__field">
              <div className="settings__inline">
                <label htmlFor={ids.idle}>Set me to Away after this many idle minutes</label>
                <input
                  id={ids.idle}
                  className="input settings__number"
                  type="number"
                  min={1}
                  max={240}
                  value={idleValue}
                  disabled={isDisabled('idleMinutes')}
                  aria-invalid={idleInvalid || undefined}
                  aria-describedby={describedBy(
                    'idleMinutes',
                    bridge.host === 'web' ? ids.idleScope : undefined,
                    idleInvalid ? ids.idleError : undefined,
                  )}
                  onChange={(event) => setIdleDraft(event.target.value)}
                  onBlur={commitIdle}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') commitIdle();
                  }}
                />
              </div>
              {lockedNote('idleMinutes')}
              {bridge.host === 'web' && (
                <span id={ids.idleScope} className="muted settings__hint">
                  In the browser, idle time is counted inside this tab only: working in other tabs or apps
                  counts as idle here.
                </span>
              )}
              {idleInvalid && (
                <span id={ids.idleError} className="error-text">
                  Enter a whole number of minutes from 1 to 240.
                </span>
              )}
            </div>
            {checkbox('dndDuringOsFocus', t('settings.dndDuringOsFocus'))}
          </fieldset>
          <fieldset className="settings__group">
            <legend>{t('settings.notifications')}</legend>
            {checkbox(
              'notificationsEnabled',
              t('settings.notificationsEnabled'),
              (value) => void toggleNotifications(value),
            )}
            {permission === 'denied' && <p className="settings__locked">{t('settings.browserBlocks')}</p>}
            {checkbox('notificationSound', t('settings.notificationSound'))}
            {checkbox('flashTaskbar', t('settings.flashTaskbar'))}
            <div className="settings__row">
              <label className="check">
                <input
                  type="checkbox"
                  checked={values.quietHours.enabled}
                  disabled={isDisabled('quietHours')}
                  aria-describedby={describedBy('quietHours')}
                  onChange={(event) =>
                    update({ quietHours: { ...values.quietHours, enabled: event.target.checked } })
                  }
                />
                {t('settings.quietHours')}
              </label>
              {lockedNote('quietHours')}
            </div>
            <div className="settings__times">
              <label htmlFor={ids.from}>{t('settings.from')}</label>
              <input
                id={ids.from}
                className="input"
                type="time"
                value={values.quietHours.start}
                disabled={isDisabled('quietHours') || !values.quietHours.enabled}
                aria-describedby={describedBy('quietHours')}
                onChange={(event) =>
                  event.target.value &&
                  update({ quietHours: { ...values.quietHours, start: event.target.value } })
                }
              />
              <label htmlFor={ids.to}>{t('settings.to')}</label>
              <input
                id={ids.to}
                className="input"
                type="time"
                value={values.quietHours.end}
                disabled={isDisabled('quietHours') || !values.quietHours.enabled}
                aria-describedby={describedBy('quietHours')}
                onChange={(event) =>
                  event.target.value &&
                  update({ quietHours: { ...values.quietHours, end: event.target.value } })
                }
              />
            </div>
          </fieldset>
          <fieldset className="settings__group">
            <legend>{t('settings.desktop')}</legend>
            {checkbox('launchAtLogin', t('settings.launchAtLogin'))}
            {checkbox('startHidden', t('settings.startHidden'))}
            {checkbox('autoUpdate', t('settings.autoUpdate'))}
          </fieldset>
        </div>
      )}
    </Dialog>
  );
}
