import type { Conversation } from '@beacon/protocol';
import { LIMITS } from '@beacon/protocol';
import { useRef, useState } from 'react';
import { useClient } from '../../app/context';
import { Dialog } from '../../components/Dialog';
import { useTranslation } from '../../i18n';
import { describeError } from '../../socket';
import { useAppStore } from '../../store/react';
import { displayName } from '../../store/selectors';

export interface GroupDialogProps {
  conversation: Conversation;
  onClose(): void;
}

/** Runs a group change, keeping the dialog open with the reason when the server refuses. */
export function useGroupChange(onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** `failed` words the refusal, given the reason. */
  const run = (change: () => Promise<void>, failed: (reason: string) => string) => {
    setBusy(true);
    setError(null);
    change()
      .then(onClose)
      .catch((failure: unknown) => {
        setError(failed(describeError(failure)));
        setBusy(false);
      });
  };
  return { busy, error, run };
}

export function GroupDialogFooter({
  busy,
  label,
  onClose,
  onConfirm,
  disabled = false,
  danger = false,
}: {
  busy: boolean;
  label: string;
  onClose(): void;
  onConfirm(): void;
  disabled?: boolean;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" className="button" onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button
        type="button"
        className={`button ${danger ? 'button--danger' : 'button--primary'}`}
        onClick={onConfirm}
        disabled={busy || disabled}
        aria-busy={busy || undefined}
      >
        {label}
      </button>
    </>
  );
}

export function RenameGroupDialog({ conversation, onClose }: GroupDialogProps) {
  const client = useClient();
  const { t } = useTranslation();
  const [title, setTitle] = useState(conversation.title);
  const change = useGroupChange(onClose);
  const input = useRef<HTMLInputElement>(null);
  const save = () =>
    change.run(
      () => client.updateConversation(conversation.id, { title: title.trim() }),
      (reason) => t('conversations.renameFailed', { reason }),
    );
  return (
    <Dialog
      title={t('conversations.renameTitle')}
      size="sm"
      onClose={onClose}
      initialFocus={input}
      footer={
        <GroupDialogFooter
          busy={change.busy}
          label={t('conversations.rename')}
          onClose={onClose}
          onConfirm={save}
          disabled={!title.trim()}
        />
      }
    >
      <input
        ref={input}
        className="input"
        aria-label={t('conversations.groupName')}
        maxLength={LIMITS.titleMaxChars}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && title.trim()) save();
        }}
      />
      {change.error && (
        <p className="alert" role="alert">
          {change.error}
        </p>
      )}
    </Dialog>
  );
}

export function RemoveMemberDialog({ conversation, userId, onClose }: GroupDialogProps & { userId: string }) {
  const client = useClient();
  const { t } = useTranslation();
  const name = useAppStore((state) => displayName(state.users[userId]));
  const change = useGroupChange(onClose);
  const remove = () =>
    change.run(
      () => client.updateConversation(conversation.id, { removeMemberIds: [userId] }),
      (reason) => t('conversations.removeFailed', { name, reason }),
    );
  return (
    <Dialog
      title={t('conversations.removeTitle', { name })}
      size="sm"
      onClose={onClose}
      footer={
        <GroupDialogFooter
          busy={change.busy}
          label={t('conversations.remove')}
          danger
          onClose={onClose}
          onConfirm={remove}
        />
      }
    >
      <p>{t('conversations.removeExplanation', { name, title: conversation.title })}</p>
      {change.error && (
        <p className="alert" role="alert">
          {change.error}
        </p>
      )}
    </Dialog>
  );
}

export function LeaveGroupDialog({ conversation, onClose }: GroupDialogProps) {
  const client = useClient();
  const { t } = useTranslation();
  const change = useGroupChange(onClose);
  const leave = () =>
    change.run(
      () => client.leaveConversation(conversation.id),
      (reason) => t('conversations.leaveFailed', { reason }),
    );
  return (
    <Dialog
      title={t('conversations.leaveTitle', { title: conversation.title })}
      size="sm"
      onClose={onClose}
      footer={
        <GroupDialogFooter
          busy={change.busy}
          label={t('conversations.leave')}
          danger
          onClose={onClose}
          onConfirm={leave}
        />
      }
    >
      <p>{t('conversations.leaveExplanation')}</p>
      {change.error && (
        <p className="alert" role="alert">
          {change.error}
        </p>
      )}
    </Dialog>
  );
}
