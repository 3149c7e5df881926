import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { Icon } from '../components/Icon';
import { useTranslation } from '../i18n';
import './toasts.css';

interface Toast {
  id: number;
  message: string;
}

const ToastContext = createContext<((message: string) => void) | null>(null);

/** Short-lived error messages for actions that have no field of their own to show them next to. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback(
    (id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)),
    [],
  );
  const show = useCallback(
    (message: string) => {
      const id = nextId.current++;
      setToasts((list) => [...list.filter((toast) => toast.message !== message), { id, message }].slice(-3));
      setTimeout(() => dismiss(id), 7_000);
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      {createPortal(
        <div className="toasts" data-live-layer="">
          {toasts.map((toast) => (
            <div key={toast.id} className="toast" role="alert">
              <span>{toast.message}</span>
              <button
                type="button"
                className="icon-button"
                aria-label={t('app.dismiss')}
                onClick={() => dismiss(toast.id)}
              >
                <Icon name="close" size={16} />
              </button>
            </div>
          ))}
        </div>,
        document.body,
      )}
    </ToastContext.Provider>
  );
}

export function useToast(): (message: string) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast must be used inside <ToastProvider>');
  return show;
}
