import { useRef } from 'react';
import { Icon } from '../../components/Icon';
import { useTranslation } from '../../i18n';

/** The composer's "Attach files" button and the hidden file picker it opens. */
export function AttachButton({ onFiles }: { onFiles(files: FileList): void }) {
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="composer__attach icon-button"
        aria-label={t('composer.attachFiles')}
        title={t('composer.attachTitle')}
        onClick={() => picker.current?.click()}
      >
        <Icon name="plus" size={18} />
      </button>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        aria-hidden="true"
        tabIndex={-1}
        onChange={(event) => {
          if (event.target.files) onFiles(event.target.files);
          event.target.value = '';
        }}
      />
    </>
  );
}
