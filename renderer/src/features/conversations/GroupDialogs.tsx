import type { Conversation } from '@beacon/protocol';
import { LIMITS } from '@beacon/protocol';
import { useRef, useState } from 'react';
import { useClient } from '../../app/context';
import { Dialog } from '../../components/Dialog';
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
  const run = (change: () => Promise<void>, what: string) => {
    setBusy(true);
    setError(null);
    change()
      .then(onClose)
      .catch((failure: unknown) => {
        setError(`Could not ${what}. ${describeError(failure)}`);
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
  return (
    <>
      <button type="button" className="button" onClick={onClose}>
        Cancel
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
  const [title, setTitle] = useState(conversation.title);
  const change = useGroupChange(onClose);
  const input = useRef<HTMLInputElement>(null);
  const save = () =>
    change.run(() => client.updateConversation(conversation.id, { title: title.trim() }), 'rename the group');
  return (
    <Dialog
      title="Rename group"
      size="sm"
      onClose={onClose}
      initialFocus={input}
      footer={
        <GroupDialogFooter
          busy={change.busy}
          label="Rename"
          onClose={onClose}
          onConfirm={save}
          disabled={!title.trim()}
        />
      }
    >
      <input
        ref={input}
        className="input"
        aria-label="Group name"
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
  const name = useAppStore((state) => displayName(state.users[userId]));
  const change = useGroupChange(onClose);
  const remove = () =>
    change.run(
      () => client.updateConversation(conversation.id, { removeMemberIds: [userId] }),
      `remove ${name}`,
    );
  return (
    <Dialog
      title={`Remove ${name}?`}
      size="sm"
      onClose={onClose}
      footer={
        <GroupDialogFooter busy={change.busy} label="Remove" danger onClose={onClose} onConfirm={remove} />
      }
    >
      <p>
        {name} will no longer see new messages in {conversation.title}.
      </p>
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
  const change = useGroupChange(onClose);
  const leave = () => change.run(() => client.leaveConversation(conversation.id), 'leave the group');
  return (
    <Dialog
      title={`Leave ${conversation.title}?`}
      size="sm"
      onClose={onClose}
      footer={
        <GroupDialogFooter busy={change.busy} label="Leave" danger onClose={onClose} onConfirm={leave} />
      }
    >
      <p>You will no longer get its messages. What was said until now stays readable.</p>
      {change.error && (
        <p className="alert" role="alert">
          {change.error}
        </p>
      )}
    </Dialog>
  );
}
