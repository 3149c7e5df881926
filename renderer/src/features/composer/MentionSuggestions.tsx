import type { User } from '@beacon/protocol';
import { useTranslation } from '../../i18n';
import { localPart } from '../messages/mentions';

export interface MentionSuggestionsProps {
  id: string;
  members: readonly User[];
  activeIndex: number;
  onPick(member: User): void;
}

/** The `@` autocomplete list under the composer (a listbox driven from the textarea's keys). */
export function MentionSuggestions({ id, members, activeIndex, onPick }: MentionSuggestionsProps) {
  const { t } = useTranslation();
  return (
    <div id={id} role="listbox" aria-label={t('composer.mentionSomeone')} className="mention-suggestions">
      {members.map((member, index) => (
        <div
          key={member.id}
          id={`${id}-${member.id}`}
          role="option"
          aria-selected={index === activeIndex}
          tabIndex={-1}
          className="mention-suggestions__item"
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(member);
          }}
        >
          <span className="mention-suggestions__name">{member.name}</span>
          <span className="mention-suggestions__local">@{localPart(member)}</span>
        </div>
      ))}
    </div>
  );
}
