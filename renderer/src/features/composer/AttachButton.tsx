import { useRef } from 'react';
import { Icon } from '../../components/Icon';

/** The composer's "Attach files" button and the hidden file picker it opens. */
export function AttachButton({ onFiles }: { onFiles(files: FileList): void }) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="composer__attach icon-button"
        aria-label="Attach files"
        title="Attach files (or drop or paste them)"
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
